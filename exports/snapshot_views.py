"""A map's snapshots in the browser: the Snapshots page (take one, list them and the map's restores), one
snapshot's map read-only, a snapshot compared with the map now, its restore (a page that says what it will
do, then a background job) and its deletion. Members read; owners and editors take, restore and delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_service_errors
from core.users import display_name
from journeys.access import get_journey_for_user

from . import services
from .access import get_rw_snapshot_for_user, get_snapshot_for_user
from .compare import compare_maps, curve_chart
from .forms import SnapshotForm
from .importers.restore import restore_losses
from .selectors import restores_of, running_restore, snapshots_of
from .snapshot_grid import snapshot_grid
from .snapshots import snapshot_delete, snapshot_take


@login_required
@require_http_methods(["GET", "POST"])
def map_snapshots(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                snapshot = snapshot_take(
                    journey=journey,
                    name=form.cleaned_data["name"],
                    note=form.cleaned_data["note"],
                    created_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error, unnamed_field="name")
            else:
                messages.success(request, _("Snapshot “%(name)s” taken.") % {"name": snapshot.name})
                return redirect(reverse("exports:snapshots", args=[journey.pk]) + f"#snapshot-{snapshot.pk}")
    restores = list(restores_of(journey))
    for job in restores:
        job.restored_by = display_name(job.created_by)
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "snapshots": list(snapshots_of(journey)),
        "restores": restores,
    }
    return render(request, "exports/snapshots.html", context, status=422 if form.errors else 200)


@login_required
@require_safe
def snapshot_detail(request, pk):
    """The map as the snapshot keeps it, drawn read-only."""
    snapshot, can_edit = get_snapshot_for_user(request.user, pk)
    context = {"snapshot": snapshot, "journey": snapshot.journey, "can_edit": can_edit, "grid": snapshot_grid(snapshot)}
    return render(request, "exports/snapshot.html", context)


@login_required
@require_safe
def snapshot_compare(request, pk):
    """The snapshot against the map now, as two maps are compared (exports:map_compare)."""
    snapshot, can_edit = get_snapshot_for_user(request.user, pk)
    comparison = compare_maps(snapshot, snapshot.journey)
    context = {
        "snapshot": snapshot,
        "journey": snapshot.journey,
        "can_edit": can_edit,
        "comparison": comparison,
        "chart": curve_chart(comparison),
    }
    return render(request, "exports/snapshot_compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_restore(request, pk):
    """What restoring the snapshot will do (GET), then the restore itself, in the background (POST)."""
    snapshot = get_rw_snapshot_for_user(request.user, pk)
    running = running_restore(snapshot.journey_id)
    if request.method == "POST" and running is None:
        try:
            job = services.snapshot_restore_create(
                snapshot=snapshot, created_by=request.user, language=request.LANGUAGE_CODE
            )
        except services.RestoreRunning as busy:
            running = busy.job
        else:
            return redirect("exports:import_job", pk=job.pk)
    comparison = compare_maps(snapshot.journey, snapshot)  # from the map now to what the restore makes it
    context = {
        "snapshot": snapshot,
        "journey": snapshot.journey,
        "comparison": comparison,
        "chart": curve_chart(comparison),
        "losses": restore_losses(snapshot.journey, snapshot),
        "running": running,
    }
    status = 409 if request.method == "POST" else 200  # (a POST that got here found a restore running)
    return render(request, "exports/snapshot_restore.html", context, status=status)


@login_required
@require_POST
def snapshot_remove(request, pk):
    snapshot = get_rw_snapshot_for_user(request.user, pk)
    journey_id, name = snapshot.journey_id, snapshot.name
    snapshot_delete(snapshot=snapshot)
    messages.success(request, _("Snapshot “%(name)s” deleted.") % {"name": name})
    return redirect("exports:snapshots", pk=journey_id)
