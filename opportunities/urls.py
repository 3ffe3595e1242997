from django.urls import path

from . import views

app_name = "opportunities"
urlpatterns = [
    path("maps/<int:pk>/opportunities/", views.backlog_page, name="backlog"),
    path("maps/<int:pk>/opportunities/matrix/", views.matrix_page, name="matrix"),
    path("maps/<int:pk>/opportunities/new/", views.opportunity_create, name="create"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="edit"),
    path("opportunities/<int:pk>/delete/", views.opportunity_delete, name="delete"),
    path("touchpoints/<int:pk>/opportunities/", views.touchpoint_opportunities, name="touchpoint_opportunities"),
]
