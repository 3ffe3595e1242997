"""Backup and restore endpoints, included by config/api_urls.py under /api/v1/ (before the router, whose
`workspaces/{id}/` this does not overlap)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "backups_api"

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>, so the schema types them
router.register("backups", api.BackupJobViewSet, basename="backup")
router.register("restores", api.RestoreJobViewSet, basename="restore")

urlpatterns = [
    path("workspaces/<int:pk>/backup/", api.WorkspaceBackupView.as_view(), name="workspace-backup"),
    *router.urls,
]
