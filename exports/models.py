"""Background jobs that take a map out of the app (exports) or bring one in (imports)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.users import display_name


class JobStatus(models.TextChoices):
    # An import whose file is uploaded but whose columns are not chosen yet: it runs once they are.
    DRAFT = "draft", _("Waiting for its columns")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    PPTX = "pptx", "PPTX"
    PNG = "png", "PNG"
    SVG = "svg", "SVG"
    # The JSON format of Ptolemy's journey maps (docs/openjourney.md).
    OJF = "ojf", "OpenJourney"


# The board images: of the whole map, or of one of its stages.
IMAGE_FORMATS = frozenset({ExportFormat.PNG, ExportFormat.SVG})


class ImportKind(models.TextChoices):
    JSON_MAP = "json_map", _("JSON export → new map")
    OJF_MAP = "ojf_map", _("OpenJourney file → new map")
    CSV_TOUCHPOINTS = "csv_touchpoints", _("CSV of touchpoints → existing map")
    CSV_READINGS = "csv_readings", _("CSV of metric readings → existing map")
    CSV_EVIDENCE = "csv_evidence", _("CSV of customer evidence → existing map")
    DUPLICATE = "duplicate", _("Copy of a map → new map")
    FUTURE_STATE = "future_state", _("Future state of a map → new map")
    SNAPSHOT_RESTORE = "snapshot_restore", _("Snapshot → its map, restored")


class ImportFormat(models.TextChoices):
    """The files an import makes a new map of, and the kind of import each is."""

    JSON = "json", _("Journey board JSON export")
    OJF = "ojf", _("OpenJourney file (.ojf)")

    @property
    def kind(self) -> "ImportKind":
        return ImportKind.OJF_MAP if self == ImportFormat.OJF else ImportKind.JSON_MAP


class NodeOutcome(models.TextChoices):
    """What became of a node of an OpenJourney file (ImportJob.report)."""

    CARD = "card", _("Card")
    MERGED = "merged", _("Merged into a text")
    SKIPPED = "skipped", _("Skipped")


class Job(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The requester's language: the worker writes headings and errors in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class ExportJob(Job):
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="export_jobs")
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    # An image of one stage (none: the whole map). Its name is kept, so a job whose stage was deleted
    # before it ran fails saying which, instead of drawing the whole map.
    stage = models.ForeignKey(
        "journeys.Stage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("stage")
    )
    stage_name = models.CharField(_("stage"), max_length=120, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True, max_length=300)

    class Meta(Job.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="exportjob_progress_max_100"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="exportjob_status_valid"),
            models.CheckConstraint(condition=models.Q(format__in=ExportFormat.values), name="exportjob_format_valid"),
            models.CheckConstraint(
                condition=models.Q(stage_name="") | models.Q(format__in=sorted(IMAGE_FORMATS)),
                name="exportjob_one_stage_images_only",
            ),
        ]
        indexes = [
            # The export panel lists a map's recent jobs, newest first.
            models.Index(fields=["journey", "-created_at"], name="exportjob_journey_created"),
            # The retention task finds old finished files.
            models.Index(fields=["finished_at"], name="exportjob_finished_at"),
        ]

    def __str__(self):
        return f"{self.get_format_display()} export of map {self.journey_id} ({self.status})"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class ImportJob(Job):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="import_jobs")
    # The map a CSV is imported into; for a JSON import, the map it created.
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_jobs"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300, blank=True)  # none for a copy
    # The map a copy is made of (a copy or a future state).
    source = models.ForeignKey("journeys.Journey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The snapshot a restore brings back into its map.
    snapshot = models.ForeignKey(
        "exports.Snapshot", on_delete=models.SET_NULL, null=True, blank=True, related_name="restore_jobs"
    )
    # Every problem found in the file: [{"row": ..., "field": ..., "message": ...}].
    problems = models.JSONField(_("problems"), default=list, blank=True)  # the first MAX_PROBLEMS found
    problem_count = models.PositiveIntegerField(_("problems found"), default=0)
    # Which of the file's columns hold what (CSV readings: exports.importers.readings_csv.Mapping).
    mapping = models.JSONField(_("columns"), default=dict, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    # What became of each part of the file (an OpenJourney import: exports.importers.openjourney.Report).
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="importjob_progress_max_100"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="importjob_status_valid"),
            models.CheckConstraint(condition=models.Q(kind__in=ImportKind.values), name="importjob_kind_valid"),
        ]
        indexes = [
            # The retention task finds old finished uploads.
            models.Index(fields=["finished_at"], name="importjob_finished_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} import ({self.status})"

    @property
    def report_nodes(self) -> list[dict]:
        """The report's nodes, each with the name of what it became."""
        return [
            {**entry, "outcome_label": NodeOutcome(entry["outcome"]).label}
            for entry in (self.report or {}).get("nodes", [])
            if entry.get("outcome") in NodeOutcome.values
        ]

    @property
    def report_counts(self) -> dict[str, int]:
        """How many nodes became cards, were merged, were skipped."""
        counts = dict.fromkeys(NodeOutcome.values, 0)
        for entry in (self.report or {}).get("nodes", []):
            if entry.get("outcome") in counts:
                counts[entry["outcome"]] += 1
        return counts


class SnapshotKind(models.TextChoices):
    MANUAL = "manual", _("Taken by hand")
    BEFORE_IMPORT = "before_import", _("Automatic, before an import")
    BEFORE_RESTORE = "before_restore", _("Automatic, before a restore")


class Snapshot(models.Model):
    """A whole map as it was at one moment: its JSON document (exports.selectors.map_document, with the
    ids of its stages, lanes, channels and strategies), kept to be viewed, compared with the map as it
    is now, and restored into it (exports/importers/restore.py)."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="snapshots")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=SnapshotKind.choices, default=SnapshotKind.MANUAL)
    # Taken by hand: why, in the taker's words. Automatic: the file imported, or the snapshot restored.
    note = models.CharField(_("why"), max_length=300, blank=True)
    content = models.JSONField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)  # of `content` as JSON; bounded when taken
    stage_count = models.PositiveIntegerField(default=0)
    card_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SnapshotKind.values), name="snapshot_kind_valid"),
        ]
        indexes = [
            # The map's snapshots page lists them newest first (and counts them by kind when one is taken).
            models.Index(fields=["journey", "-created_at"], name="snapshot_journey_created"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_automatic(self) -> bool:
        return self.kind != SnapshotKind.MANUAL

    @property
    def reason(self) -> str:
        """Why it was taken, in the reader's language."""
        if self.kind == SnapshotKind.BEFORE_IMPORT:
            return _("Taken before the import of “%(file)s”.") % {"file": self.note}
        if self.kind == SnapshotKind.BEFORE_RESTORE:
            return _("Taken before restoring the snapshot “%(name)s”.") % {"name": self.note}
        return self.note

    @property
    def taken_by(self) -> str:
        return display_name(self.created_by)

    # As one side of a comparison (exports.compare), beside a map's title and state.
    @property
    def title(self) -> str:
        return self.name

    @property
    def state_label(self) -> str:
        return _("snapshot of %(time)s") % {
            "time": date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        }
