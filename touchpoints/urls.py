from django.urls import path

from . import channel_views, views

app_name = "touchpoints"
urlpatterns = [
    path("stages/<int:stage_pk>/touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/", views.touchpoint_detail, name="touchpoint_detail"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("touchpoints/<int:pk>/move/", views.touchpoint_move, name="touchpoint_move"),
    path("channels/", channel_views.channel_list, name="channels"),
    path("channels/new/", channel_views.channel_create, name="channel_create"),
    path("channels/<int:pk>/edit/", channel_views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", channel_views.channel_delete, name="channel_delete"),
]
