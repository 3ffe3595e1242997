from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("channels/", views.channel_list, name="list"),
    path("channels/new/", views.channel_create, name="create"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="edit"),
    path("channels/<int:pk>/delete/", views.channel_delete, name="delete"),
]
