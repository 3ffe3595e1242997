from django.urls import path

from . import views

app_name = "touchpoints"
urlpatterns = [
    path("stages/<int:stage_pk>/touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/", views.touchpoint_detail, name="touchpoint_detail"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("touchpoints/<int:pk>/move/", views.touchpoint_move, name="touchpoint_move"),
]
