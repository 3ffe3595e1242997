"""Celery tasks: take ids, call a service, retry transient failures, record final failures on the job."""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from . import services
from .jobs import job_fail
from .models import ExportJob, ImportJob

logger = logging.getLogger(__name__)

# Worth another try: the database or the broker went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, ConnectionError)


class JobTask(Task):
    """Retries transient errors with exponential backoff; a failure that is final is written on the job."""

    abstract = True
    job_model = None
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 5
    soft_time_limit = settings.EXPORT_TASK_SOFT_TIME_LIMIT
    time_limit = settings.EXPORT_TASK_TIME_LIMIT

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = args[0] if args else kwargs.get("job_id")
        job = self.job_model.objects.filter(pk=job_id).only("language").first()
        if job is None:
            return
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if isinstance(exc, SoftTimeLimitExceeded):
                error = _("The job took longer than %(seconds)d seconds and was stopped.") % {
                    "seconds": self.soft_time_limit
                }
            elif isinstance(exc, TRANSIENT_ERRORS):
                error = _("The job failed after %(tries)d tries: %(reason)s") % {
                    "tries": self.max_retries + 1,
                    "reason": exc,
                }
            else:
                error = _("The job failed unexpectedly: %(reason)s") % {"reason": exc or type(exc).__name__}
        logger.error("job %s %s failed: %r", self.job_model.__name__, job_id, exc)
        job_fail(model=self.job_model, job_id=job_id, error=error)


class ExportTask(JobTask):
    abstract = True
    job_model = ExportJob


class ImportTask(JobTask):
    abstract = True
    job_model = ImportJob


@shared_task(base=ExportTask)
def export_run(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(base=ImportTask)
def import_run(job_id: int) -> None:
    services.import_job_run(job_id=job_id)


@shared_task
def exports_remove_expired() -> int:
    return services.exports_remove_expired()


@shared_task
def jobs_sweep() -> int:
    return services.jobs_sweep()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker that starts (after a crash, say) settles the jobs its predecessor left running."""
    services.jobs_sweep()
