"""Backups in the browser: start one from the workspace's page, follow it (polled by htmx), download it;
upload an archive to restore into a new workspace and follow that."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from core.forms import add_service_errors
from exports.jobs import RUNNABLE
from workspaces.access import get_owned_workspace_for_user

from . import services
from .forms import RestoreForm
from .models import BackupJob, RestoreJob
from .selectors import backup_file_response, get_backup_job_for_owner, restore_jobs_for_user, restored_maps

RECENT_RESTORES = 5


@login_required
@require_POST
def backup_create(request, pk):
    workspace = get_owned_workspace_for_user(request.user, pk)  # a backup holds everything: owners only
    job = services.backup_job_create(workspace=workspace, created_by=request.user, language=request.LANGUAGE_CODE)
    if request.htmx:
        return render(request, "backups/_backup_status.html", {"job": job}, status=201)
    return redirect("backups:backup_job", pk=job.pk)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def backup_job(request, pk):
    job = get_backup_job_for_owner(request.user, pk)
    if job.status in RUNNABLE and services.jobs_sweep(job_ids={BackupJob: [job.pk]}):
        job = get_backup_job_for_owner(request.user, pk)  # its worker is gone: failed, saying so
    template = "backups/_backup_status.html" if request.htmx else "backups/backup_job.html"
    return render(request, template, {"job": job})


@login_required
@require_safe
def backup_download(request, pk):
    return backup_file_response(get_backup_job_for_owner(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def restore(request):
    """Upload an archive: it becomes a new workspace that the user owns (any user may)."""
    form = RestoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.restore_job_create(
                upload=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                created_by=request.user,
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("backups:restore_job", pk=job.pk)
    context = {"form": form, "jobs": restore_jobs_for_user(request.user)[:RECENT_RESTORES]}
    return render(request, "backups/restore.html", context, status=422 if form.errors else 200)


def _restore_job_for_user(user, pk) -> RestoreJob:
    job = restore_jobs_for_user(user).filter(pk=pk).first() if 0 < pk < 2**63 else None
    if job is None:
        raise Http404
    return job


@login_required
@require_safe
@vary_on_headers("HX-Request")
def restore_job(request, pk):
    job = _restore_job_for_user(request.user, pk)
    if job.status in RUNNABLE and services.jobs_sweep(job_ids={RestoreJob: [job.pk]}):
        job = _restore_job_for_user(request.user, pk)
    template = "backups/_restore_status.html" if request.htmx else "backups/restore_job.html"
    return render(request, template, {"job": job, "maps": restored_maps(job)})
