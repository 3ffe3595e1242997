"""manage.py workspace_restore <file> --owner <username>: restore a backup archive into a new workspace,
for operators. Runs here, not in a worker (no time limit). Accounts are never created; with
--with-members the archive's members whose accounts exist here (same username and e-mail address) are
made members again with their roles."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from backups.services import workspace_restore
from exports.importers.common import ImportInvalid


class Command(BaseCommand):
    help = "Restore a backup archive (.zip made by “Download backup” or workspace_backup) into a new workspace."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup archive (.zip)")
        parser.add_argument("--owner", required=True, help="the username of the new workspace's owner")
        parser.add_argument("--name", default="", help="the new workspace's name (the archive's own by default)")
        parser.add_argument(
            "--with-members",
            action="store_true",
            help="make the archive's members whose accounts exist here members again, with their roles",
        )

    def handle(self, *args, file, owner, name, with_members, **options):
        user_model = get_user_model()
        account = user_model.objects.filter(**{user_model.USERNAME_FIELD: owner}).first()
        if account is None:
            raise CommandError(f"No account has the username “{owner}”.")
        try:
            with open(file, "rb") as handle:
                report = workspace_restore(handle=handle, owner=account, name=name, with_members=with_members)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except ImportInvalid as invalid:
            for problem in invalid.problems:
                where = " · ".join(str(part) for part in (problem["row"], problem["field"]) if part not in ("", None))
                self.stderr.write(f"{where}: {problem['message']}" if where else problem["message"])
            raise CommandError(f"The archive was refused ({invalid.total} problems); nothing was restored.") from None
        counts = report.counts
        self.stdout.write(
            f"Restored into workspace {report.workspace_id}, owned by {owner}: "
            + ", ".join(f"{number} {key.replace('_', ' ')}" for key, number in counts.items())
            + "."
        )
        if report.not_found:
            names = ", ".join(person["username"] for person in report.not_found)
            self.stdout.write(
                f"Not members here ({len(report.not_found)}): {names}. What they did is linked to {owner}, "
                "with their names kept; what they owned has no owner."
            )
