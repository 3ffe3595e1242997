from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("maps/<int:pk>/evidence/", views.map_evidence, name="map"),
    path("maps/<int:pk>/evidence/new/", views.evidence_create, name="create"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="edit"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="delete"),
    path("touchpoints/<int:pk>/evidence/", views.touchpoint_evidence, name="touchpoint_evidence"),
    path("stages/<int:pk>/evidence/", views.stage_evidence, name="stage_evidence"),
]
