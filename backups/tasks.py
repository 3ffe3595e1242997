"""Celery tasks: take ids, call a service; the exports' job task retries transient failures and writes
final failures on the job."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from exports.tasks import JobTask

from . import services
from .models import BackupJob, RestoreJob


class BackupTask(JobTask):
    abstract = True
    job_model = BackupJob
    soft_time_limit = settings.BACKUP_TASK_SOFT_TIME_LIMIT
    time_limit = settings.BACKUP_TASK_TIME_LIMIT


class RestoreTask(BackupTask):
    abstract = True
    job_model = RestoreJob


@shared_task(base=BackupTask)
def backup_run(job_id: int) -> None:
    services.backup_job_run(job_id=job_id)


@shared_task(base=RestoreTask)
def restore_run(job_id: int) -> None:
    services.restore_job_run(job_id=job_id)


@shared_task
def backups_remove_expired() -> int:
    return services.backups_remove_expired()


@shared_task
def jobs_sweep() -> int:
    return services.jobs_sweep()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker that starts (after a crash, say) settles the backups its predecessor left running."""
    services.jobs_sweep()
