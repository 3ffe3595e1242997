"""Export menu, job status (polled by htmx), downloads and imports in the browser."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.access import get_journey_for_user, get_rw_journey_for_user
from metrics.models import Metric

from . import services
from .access import get_export_job_for_user, get_import_job_for_user
from .compare import compare_maps, curve_chart
from .forms import (
    EvidenceColumnsForm,
    ExportForm,
    ImportEvidenceForm,
    ImportMapForm,
    ImportReadingsForm,
    ImportTouchpointsForm,
    MapCompareForm,
    MapCopyForm,
    ReadingColumnsForm,
)
from .importers import evidence_csv, readings_csv
from .importers.common import ImportInvalid
from .importers.csv_mapping import sample
from .jobs import RUNNABLE
from .models import ExportJob, ImportJob, ImportKind, JobStatus
from .selectors import export_file_response, export_jobs_for_user

RECENT_JOBS = 10


def _field_errors(form, error: ValidationError) -> None:
    for name, messages in getattr(error, "message_dict", {None: error.messages}).items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


@login_required
@require_safe
def map_exports(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    jobs = export_jobs_for_user(request.user).filter(journey=journey, created_by=request.user)[:RECENT_JOBS]
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "jobs": jobs,
        "stages": journey.stages.order_by("position", "id"),
        "csv_form": ImportTouchpointsForm(),
    }
    return render(request, "exports/map_exports.html", context)


@login_required
@require_POST
def export_create(request, pk):
    # Exporting reads the map: every member may, viewers included.
    journey, _can_edit = get_journey_for_user(request.user, pk)
    form = ExportForm(request.POST, journey=journey)
    job = None
    if form.is_valid():
        try:
            job = services.export_job_create(
                journey=journey,
                format=form.cleaned_data["format"],
                stage=form.cleaned_data["stage"],
                created_by=request.user,
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _field_errors(form, error)
    if job is None:
        return render(request, "exports/_export_error.html", {"form": form}, status=422)
    if request.htmx:
        return render(request, "exports/_job_status.html", {"job": job}, status=201)
    return redirect("exports:job", pk=job.pk)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def export_job(request, pk):
    job = get_export_job_for_user(request.user, pk)
    if job.status in RUNNABLE and services.jobs_sweep(job_ids={ExportJob: [job.pk]}):
        job = get_export_job_for_user(request.user, pk)  # its worker is gone: failed, saying so
    template = "exports/_job_status.html" if request.htmx else "exports/export_job.html"
    return render(request, template, {"job": job})


@login_required
@require_safe
def export_download(request, pk):
    return export_file_response(get_export_job_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def map_copy(request, pk):
    """Duplicate a map the user reads into one of the workspaces they edit; the copy is made in the
    background (an import job, whose page follows it)."""
    journey, _can_edit = get_journey_for_user(request.user, pk)
    form = MapCopyForm(request.POST or None, user=request.user, journey=journey)
    if request.method == "POST" and form.is_valid():
        job = services.map_copy_create(
            journey=journey,
            workspace=form.cleaned_data["workspace"],
            created_by=request.user,
            language=request.LANGUAGE_CODE,
        )
        return redirect("exports:import_job", pk=job.pk)
    status = 422 if form.errors else 200
    return render(request, "exports/map_copy.html", {"form": form, "journey": journey}, status=status)


@login_required
@require_POST
def map_plan_future(request, pk):
    """ "Plan the future state": a copy of the map in its workspace, marked as its future state."""
    journey = get_rw_journey_for_user(request.user, pk)
    job = services.map_copy_create(
        journey=journey,
        workspace=journey.workspace,
        created_by=request.user,
        future=True,
        language=request.LANGUAGE_CODE,
    )
    return redirect("exports:import_job", pk=job.pk)


@login_required
@require_safe
def map_compare(request):
    """Two maps of a workspace stage by stage (a map and its future state, say), with both curves."""
    form = MapCompareForm(request.GET or None, user=request.user)
    context: dict = {"form": form}
    if form.is_valid():
        comparison = compare_maps(form.cleaned_data["before"], form.cleaned_data["after"])
        context.update(comparison=comparison, chart=curve_chart(comparison))
    return render(request, "exports/map_compare.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request):
    form = ImportMapForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create_map(
                workspace=form.cleaned_data["workspace"],
                upload=form.cleaned_data["file"],
                created_by=request.user,
                format=form.cleaned_data["format"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _field_errors(form, error)
        else:
            return redirect("exports:import_job", pk=job.pk)
    status = 422 if form.errors else 200
    return render(request, "exports/import_map.html", {"form": form}, status=status)


@login_required
@require_POST
def import_touchpoints(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = ImportTouchpointsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.import_job_create_touchpoints(
                journey=journey,
                upload=form.cleaned_data["file"],
                created_by=request.user,
                create_channels=form.cleaned_data["create_channels"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _field_errors(form, error)
        else:
            if request.htmx:
                return render(request, "exports/_import_status.html", {"job": job}, status=201)
            return redirect("exports:import_job", pk=job.pk)
    template = "exports/_import_touchpoints_form.html" if request.htmx else "exports/import_touchpoints.html"
    return render(request, template, {"journey": journey, "csv_form": form}, status=422)


@dataclass(frozen=True)
class MappedImport:
    """A CSV import whose columns are chosen after the upload: its kind, forms, reader and templates."""

    kind: str
    upload_form: type
    columns_form: type
    reader: object  # the importers module: guess_mapping, preview
    preview_template: str


MAPPED = {
    "readings": MappedImport(
        ImportKind.CSV_READINGS, ImportReadingsForm, ReadingColumnsForm, readings_csv, "exports/_readings_preview.html"
    ),
    "evidence": MappedImport(
        ImportKind.CSV_EVIDENCE, ImportEvidenceForm, EvidenceColumnsForm, evidence_csv, "exports/_evidence_preview.html"
    ),
}
BY_KIND = {mapped.kind: mapped for mapped in MAPPED.values()}


def _upload(request, pk, what: str):
    """Upload a CSV; its columns are chosen next (import_columns)."""
    journey = get_rw_journey_for_user(request.user, pk)
    mapped = MAPPED[what]
    form = mapped.upload_form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create_mapped(
                journey=journey,
                upload=form.cleaned_data["file"],
                created_by=request.user,
                kind=mapped.kind,
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _field_errors(form, error)
        else:
            return redirect("exports:import_columns", pk=job.pk)
    status = 422 if form.is_bound else 200
    context = {"journey": journey, "form": form, "what": what}
    return render(request, "exports/import_mapped.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_readings(request, pk):
    return _upload(request, pk, "readings")


@login_required
@require_http_methods(["GET", "POST"])
def import_evidence(request, pk):
    return _upload(request, pk, "evidence")


@login_required
@require_http_methods(["GET", "POST"])
def import_columns(request, pk):
    """Choose what each column holds, see the first rows as they would be imported, then import."""
    job = get_import_job_for_user(request.user, pk)
    mapped = BY_KIND.get(job.kind)
    if mapped is None or job.journey is None:
        raise Http404
    if job.created_by_id != request.user.pk:
        raise PermissionDenied
    get_rw_journey_for_user(request.user, job.journey_id)  # still an editor of the map: 403 otherwise
    if job.status != JobStatus.DRAFT:
        return redirect("exports:import_job", pk=job.pk)
    with job.file.open("rb") as handle:
        raw = handle.read(256 * 1024)
    table = sample(raw)
    guessed = mapped.reader.guess_mapping(table.header)
    initial = {role: str(index) for role, index in guessed.columns.items()}
    form = mapped.columns_form(
        request.POST or None,
        header=table.header,
        metrics=Metric.objects.filter(workspace_id=job.workspace_id),
        initial=initial,
    )
    mapping = form.mapping() if form.is_bound and form.is_valid() else guessed
    if request.method == "POST" and "import" in request.POST and form.is_valid():
        try:
            services.import_job_map_columns(job=job, mapping=mapping)
        except ValidationError as error:
            _field_errors(form, error)
        else:
            return redirect("exports:import_job", pk=job.pk)
    try:
        rows = mapped.reader.preview(raw, journey=job.journey, mapping=mapping)
    except ImportInvalid:
        rows = []
    context = {
        "job": job,
        "journey": job.journey,
        "form": form,
        "table": table,
        "rows": rows,
        "mapping": mapping,
        "preview_template": mapped.preview_template,
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "exports/import_columns.html", context, status=status)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def import_job(request, pk):
    job = get_import_job_for_user(request.user, pk)
    if job.status in RUNNABLE and services.jobs_sweep(job_ids={ImportJob: [job.pk]}):
        job = get_import_job_for_user(request.user, pk)
    if job.status == JobStatus.DRAFT and not request.htmx:
        return redirect("exports:import_columns", pk=job.pk)
    template = "exports/_import_status.html" if request.htmx else "exports/import_job.html"
    return render(request, template, {"job": job})
