from django.urls import path

from . import views

app_name = "journeys"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("maps/new/", views.journey_create, name="journey_create"),
    path("maps/<int:pk>/edit/", views.journey_edit, name="journey_edit"),
    path("maps/<int:pk>/delete/", views.journey_delete, name="journey_delete"),
]
