from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("maps/<int:pk>/guide/", views.guide, name="map"),
    path("maps/<int:pk>/present/", views.present, name="present"),
    path("maps/<int:pk>/guide/progress/", views.guide_progress_view, name="progress"),
    path("guide/stages/<int:pk>/", views.guide_stage, name="stage"),
    path("guide/stages/<int:pk>/read/", views.guide_stage_read, name="stage_read"),
    path("stages/<int:pk>/reviewed/", views.stage_reviewed, name="stage_reviewed"),
]
