from django.db.models import QuerySet

from .models import TrashEntry


def trash_of(workspace_id: int) -> QuerySet[TrashEntry]:
    """A workspace's trash, newest first, without the kept rows."""
    return TrashEntry.objects.filter(workspace_id=workspace_id).defer("rows", "links").order_by("-deleted_at", "-id")
