"""Background jobs that back up a whole workspace into one archive, or restore an archive into a new
workspace. Both share the exports' job base (status, progress, error, language, times)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exports.models import Job, JobStatus


class BackupJob(Job):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="backup_jobs")
    file = models.FileField(_("file"), upload_to="backups/%Y/%m/", blank=True, max_length=300)
    size = models.PositiveBigIntegerField(_("size"), default=0)  # bytes of the archive
    # What the archive holds, as its manifest counts it: {"maps": 20, "touchpoints": 10000, ...}.
    counts = models.JSONField(_("contents"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="backupjob_progress_max_100"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="backupjob_status_valid"),
        ]
        indexes = [
            # The workspace page lists its recent backups, newest first.
            models.Index(fields=["workspace", "-created_at"], name="backupjob_workspace_created"),
            # The retention task finds old finished archives.
            models.Index(fields=["finished_at"], name="backupjob_finished_at"),
        ]

    def __str__(self):
        return f"Backup of workspace {self.workspace_id} ({self.status})"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class RestoreJob(Job):
    # The uploaded archive; removed once the job has finished (it holds a whole workspace).
    file = models.FileField(_("file"), upload_to="restores/%Y/%m/", blank=True, max_length=300)
    # The new workspace's name as asked for; blank: the archive's own.
    name = models.CharField(_("name"), max_length=120, blank=True)
    # The workspace the restore made (whoever restored it is its owner).
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every problem found in the archive: [{"row": ..., "field": ..., "message": ...}] (the first MAX_PROBLEMS).
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("problems found"), default=0)
    # What was restored, and who the archive's people became (backups.restore.RestoreReport.as_json).
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("restore")
        verbose_name_plural = _("restores")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="restorejob_progress_max_100"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="restorejob_status_valid"),
        ]
        indexes = [
            # A user's restores, newest first (the page and the API list only one's own).
            models.Index(fields=["created_by", "-created_at"], name="restorejob_creator_created"),
            # The retention task finds old finished jobs.
            models.Index(fields=["finished_at"], name="restorejob_finished_at"),
        ]

    def __str__(self):
        return f"Restore ({self.status})"
