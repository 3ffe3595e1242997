from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("metrics/", views.metric_library, name="library"),
    path("workspaces/<int:workspace_pk>/metrics/new/", views.metric_create, name="create"),
    path("metrics/<int:pk>/", views.metric_detail, name="detail"),
    path("metrics/<int:pk>/edit/", views.metric_edit, name="edit"),
    path("metrics/<int:pk>/delete/", views.metric_delete, name="delete"),
    path("readings/<int:pk>/edit/", views.reading_edit, name="reading_edit"),
    path("readings/<int:pk>/delete/", views.reading_delete, name="reading_delete"),
    path("touchpoints/<int:pk>/metrics/", views.touchpoint_metrics, name="touchpoint_metrics"),
    path("stages/<int:pk>/metrics/", views.stage_metrics, name="stage_metrics"),
    path("maps/<int:pk>/metrics/", views.map_metrics, name="map_metrics"),
    path("maps/<int:pk>/channels/", views.map_channels, name="map_channels"),
]
