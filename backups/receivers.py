import contextlib

from django.core.files.storage import default_storage
from django.db import transaction


def remove_archive(sender, instance, **kwargs) -> None:
    """A job deleted with its workspace (or by the retention task) takes its archive with it, once the
    deletion commits: an archive holds a whole workspace and must not outlive it on disk."""
    name = instance.file.name if instance.file else ""
    if name:

        def remove() -> None:
            with contextlib.suppress(OSError):
                default_storage.delete(name)

        transaction.on_commit(remove)
