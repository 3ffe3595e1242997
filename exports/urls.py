from django.urls import path

from . import snapshot_views, views

app_name = "exports"
urlpatterns = [
    path("exports/maps/<int:pk>/", views.map_exports, name="map"),
    path("exports/maps/<int:pk>/new/", views.export_create, name="create"),
    path("exports/maps/<int:pk>/import-csv/", views.import_touchpoints, name="import_touchpoints"),
    path("exports/<int:pk>/", views.export_job, name="job"),
    path("exports/<int:pk>/download/", views.export_download, name="download"),
    path("imports/new/", views.import_map, name="import_map"),
    path("maps/<int:pk>/copy/", views.map_copy, name="map_copy"),
    path("maps/compare/", views.map_compare, name="map_compare"),
    path("maps/<int:pk>/plan-future/", views.map_plan_future, name="map_plan_future"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("exports/maps/<int:pk>/import-readings/", views.import_readings, name="import_readings"),
    path("exports/maps/<int:pk>/import-evidence/", views.import_evidence, name="import_evidence"),
    path("imports/<int:pk>/columns/", views.import_columns, name="import_columns"),
    path("maps/<int:pk>/snapshots/", snapshot_views.map_snapshots, name="snapshots"),
    path("snapshots/<int:pk>/", snapshot_views.snapshot_detail, name="snapshot"),
    path("snapshots/<int:pk>/compare/", snapshot_views.snapshot_compare, name="snapshot_compare"),
    path("snapshots/<int:pk>/restore/", snapshot_views.snapshot_restore, name="snapshot_restore"),
    path("snapshots/<int:pk>/delete/", snapshot_views.snapshot_remove, name="snapshot_delete"),
]
