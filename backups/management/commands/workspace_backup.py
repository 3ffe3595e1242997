"""manage.py workspace_backup <workspace> <file>: write a workspace's backup archive, for operators.

The workspace is given by its id or its exact name; the archive is the one "Download backup" makes.
Runs here, not in a worker (no time limit)."""

import os
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from backups.services import workspace_backup_write
from workspaces.models import Workspace


class Command(BaseCommand):
    help = "Write a whole workspace (maps, personas, channels, strategies with their history, comments...) to a .zip archive."

    def add_arguments(self, parser):
        parser.add_argument("workspace", help="the workspace's id, or its exact name")
        parser.add_argument("file", help="where to write the archive (.zip); an existing file is replaced")

    def handle(self, *args, workspace, file, **options):
        chosen = _workspace(workspace)
        folder = os.path.dirname(os.path.abspath(file))
        if not os.path.isdir(folder):
            raise CommandError(f"No folder {folder} to write the archive in.")
        # Written beside the target, then moved: a failed backup leaves no half archive under its name.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".backup-", suffix=".zip", delete=False) as handle:
            try:
                counts = workspace_backup_write(workspace=chosen, handle=handle)
            except BaseException:
                handle.close()
                os.unlink(handle.name)
                raise
        os.replace(handle.name, file)
        size = os.path.getsize(file)
        self.stdout.write(
            f"Backed up “{chosen.name}” (workspace {chosen.pk}) to {file}: {filesizeformat(size)}, "
            + ", ".join(f"{number} {name.replace('_', ' ')}" for name, number in counts.items())
            + "."
        )


def _workspace(value: str) -> Workspace:
    if value.isdigit():
        found = Workspace.objects.filter(pk=int(value)).first()
        if found is not None:
            return found
    matches = list(Workspace.objects.filter(name=value)[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommandError(f"More than one workspace is called “{value}”: give its id.")
    raise CommandError(f"No workspace has the id or the name “{value}”.")
