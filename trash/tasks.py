"""The trash's periodic task (celery beat, CELERY_BEAT_SCHEDULE): thin, the rule is the service's."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=2, max_retries=5)
def trash_empty_expired() -> int:
    """Delete forever what has been in the trash TRASH_RETENTION_DAYS; returns how many entries."""
    return services.trash_expired_purge()
