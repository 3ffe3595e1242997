from django.urls import path

from . import views

app_name = "workspaces"
urlpatterns = [
    path("workspaces/new/", views.create, name="create"),
]
