"""What every background job of the app shares (exports and imports here; backups and restores in
backups/): a job row with a status, queued after commit, started once, reporting progress against its
own deadline, and always ending in a final state, by its task or by the sweep when its worker is gone.
"""

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError

from core.middleware import ServiceUnavailable

from .models import JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
RUNNABLE = (JobStatus.QUEUED, JobStatus.RUNNING)

# A publish that fails fast when the broker is down (kombu's default retries for seconds).
QUICK_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

# How long a job may be RUNNING before it is taken for dead (its worker was killed: the task's hard
# time limit has passed, and a margin), and how long QUEUED before it is sent again, then given up.
STALE_MARGIN = dt.timedelta(seconds=30)
REQUEUE_AFTER = dt.timedelta(minutes=2)
GIVE_UP_AFTER = dt.timedelta(minutes=10)


class QueueUnavailable(ServiceUnavailable):
    """The job could not be handed to the workers (the broker is down): it was recorded as failed, with
    its reason, and the request answers 503 (core.middleware.ServiceUnavailableMiddleware)."""

    message = gettext_lazy("The job queue is unavailable for a moment, so nothing was started. Try again shortly.")


class JobTimeout(Exception):
    """A job ran past its time limit."""


def job_enqueue(task, model: type[models.Model], job_id: int) -> None:
    """Hand the job to the workers once the transaction commits. If the broker cannot take it, the job
    is not left queued for ever: it fails with a readable reason, and QueueUnavailable reaches the
    caller (the view answers 503)."""

    def send() -> None:
        try:
            task.apply_async((job_id,), retry=True, retry_policy=QUICK_PUBLISH_RETRY)
        except (BrokerError, OSError) as error:
            logger.warning("could not queue %s %s: %r", model.__name__, job_id, error)
            job_fail(
                model=model,
                job_id=job_id,
                error=_("The job queue was unavailable, so the job was not started. Try again in a moment."),
            )
            raise QueueUnavailable from error

    transaction.on_commit(send)


def job_start(model: type[models.Model], job_id: int) -> bool:
    """Mark the job running; False if it already finished (nothing to do)."""
    return bool(
        model.objects.filter(pk=job_id, status__in=RUNNABLE).update(
            status=JobStatus.RUNNING, started_at=timezone.now(), progress=1, error=""
        )
    )


def job_progress(model: type[models.Model], job_id: int, *, limit: int) -> Progress:
    """A callback that writes the job's progress, and stops a job that outlives its `limit` (seconds).

    Celery enforces the tasks' time limits in its default (prefork) pool; the solo pool `make run`
    uses has none, so the job checks its own deadline each time it reports progress.
    """
    deadline = time.monotonic() + limit

    def report(percent: int) -> None:
        if time.monotonic() > deadline:
            raise JobTimeout(_("The job took longer than %(seconds)d seconds and was stopped.") % {"seconds": limit})
        model.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=max(0, min(int(percent), 99)))

    return report


def job_fail(*, model: type[models.Model], job_id: int, error: str) -> None:
    model.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def jobs_settle(
    kinds: Iterable[tuple[type[models.Model], object]],
    *,
    time_limit: int,
    now: dt.datetime | None = None,
    job_ids: dict | None = None,
) -> int:
    """Give every job of these (model, task) kinds whose worker is gone a final state: RUNNING past its
    hard `time_limit` (seconds) → failed, saying so; QUEUED for REQUEUE_AFTER → sent again; for
    GIVE_UP_AFTER → failed. `job_ids`: {model: [ids]} to look at only those. How many jobs it failed."""
    now = now or timezone.now()
    running_limit = dt.timedelta(seconds=time_limit) + STALE_MARGIN
    failed = 0
    for model, task in kinds:
        jobs = model.objects.all()
        if job_ids is not None:
            if not job_ids.get(model):
                continue
            jobs = jobs.filter(pk__in=job_ids[model])
        stale = jobs.filter(status=JobStatus.RUNNING, started_at__lt=now - running_limit)
        for job_id in stale.values_list("pk", flat=True):
            job_fail(
                model=model,
                job_id=job_id,
                error=_(
                    "The worker running this job stopped before it finished (it was restarted or ran out "
                    "of memory). Start the job again."
                ),
            )
            failed += 1
        waiting = jobs.filter(status=JobStatus.QUEUED)
        for job_id in waiting.filter(created_at__lt=now - GIVE_UP_AFTER).values_list("pk", flat=True):
            job_fail(model=model, job_id=job_id, error=_("No worker took this job in time. Start it again."))
            failed += 1
        for job_id in waiting.filter(created_at__lt=now - REQUEUE_AFTER).values_list("pk", flat=True):
            with contextlib.suppress(BrokerError, OSError):  # sent again at the next sweep
                task.apply_async((job_id,), retry=True, retry_policy=QUICK_PUBLISH_RETRY)  # type: ignore[attr-defined]
    return failed
