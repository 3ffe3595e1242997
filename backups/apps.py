from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("Backups")

    def ready(self):
        from django.db.models.signals import post_delete

        from . import workspace_page
        from .models import BackupJob, RestoreJob
        from .receivers import remove_archive

        workspace_page.register()
        for model in (BackupJob, RestoreJob):
            post_delete.connect(remove_archive, sender=model, dispatch_uid=f"backups.remove_archive.{model.__name__}")
