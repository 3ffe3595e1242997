from django.urls import path

from . import views

app_name = "backups"
urlpatterns = [
    path("workspaces/<int:pk>/backups/new/", views.backup_create, name="create"),
    path("backups/<int:pk>/", views.backup_job, name="backup_job"),
    path("backups/<int:pk>/download/", views.backup_download, name="download"),
    path("restores/new/", views.restore, name="restore"),
    path("restores/<int:pk>/", views.restore_job, name="restore_job"),
]
