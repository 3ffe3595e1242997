"""Writes of the guide: a member read a stage; an editor confirmed a stage still holds."""

from django.db import transaction
from django.utils import timezone

from journeys.models import Stage

from .models import StageRead, StageReview


@transaction.atomic
def stage_mark_read(*, stage: Stage, user) -> StageRead:
    """Record that `user` has read `stage` (again) now."""
    read, _ = StageRead.objects.update_or_create(stage=stage, user=user, defaults={"read_at": timezone.now()})
    return read


@transaction.atomic
def stage_mark_reviewed(*, stage: Stage, reviewed_by) -> StageReview:
    """Confirm the stage still describes the journey; clears its stale flag."""
    return StageReview.objects.create(stage=stage, reviewed_by=reviewed_by)
