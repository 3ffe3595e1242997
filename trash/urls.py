from django.urls import path

from . import views

app_name = "trash"
urlpatterns = [
    path("workspaces/<int:pk>/trash/", views.workspace_trash, name="workspace"),
    path("trash/<int:pk>/restore/", views.entry_restore, name="restore"),
    path("trash/<int:pk>/delete/", views.entry_delete, name="delete"),
]
