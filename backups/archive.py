"""The backup archive on disk: a zip of JSON documents (docs/backup-format.md), written one document at a
time and read back only after its size, its number of files and every file's name have been checked.

    manifest.json     format, format_version, app_version, created_at, workspace, counts, files
    workspace.json    the workspace's settings, people, channels, personas, metrics, links between maps
    maps/0001.json    one per map: its JSON export, plus what a map export leaves out (under "backup")

A refused archive raises ImportInvalid with one problem saying why; nothing is unpacked to disk at all
(the documents are read into memory, each bounded by what the archive declares and by
BACKUP_MAX_UNPACKED_BYTES in all).
"""

import re
import stat
import struct
import zipfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from exports.importers.common import ImportInvalid

FORMAT_NAME = "journeyboard.workspace-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
WORKSPACE = "workspace.json"
MAP_FILE = re.compile(r"maps/(\d{4,6})\.json")
# A workspace of more maps than this is not backed up in one archive (nor restored from one).
MAX_MAPS = 5000
MAX_FILES = MAX_MAPS + 2


def map_file_name(index: int) -> str:
    """maps/0001.json for the first map."""
    return f"maps/{index + 1:04d}.json"


def _refused(message: str, *, row: str = "") -> ImportInvalid:
    return ImportInvalid([{"row": row, "field": "file", "message": message}])


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}"


class ArchiveWriter:
    """Adds JSON documents to a zip written to `handle` (a file open for writing in binary)."""

    def __init__(self, handle: IO[bytes]):
        self.zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.names: list[str] = []

    def add(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))  # the content dates the archive, not this
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        self.zip.writestr(info, data)
        self.names.append(name)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "ArchiveWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()  # (also after a failure: the file is thrown away, but closed first)


# --- Reading -----------------------------------------------------------------------------------------

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"


def _declared_file_count(handle: IO[bytes]) -> int | None:
    """How many files the archive's central directory says it holds, read from its last bytes before
    Python's zipfile reads the whole directory into memory (a crafted zip may declare millions). None
    when the end record is not found (not a zip: zipfile says so next)."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_size = min(size, 22 + 65535)  # the end record, and the comment that may follow it
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])
        if offset + 56 <= size:
            handle.seek(offset)
            record = handle.read(56)
            if record[:4] == _ZIP64_END:
                count = struct.unpack("<Q", record[32:40])[0]
    return count


def _unsafe_name(name: str) -> bool:
    """A name that would land outside the archive's folder if unpacked: absolute, with a drive, a
    backslash, a NUL, or a `..` part."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return True
    return ".." in PurePosixPath(name).parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode)


def unpack(handle: IO[bytes]) -> dict[str, bytes]:
    """The archive's documents by name: manifest.json, workspace.json and maps/NNNN.json. Refuses
    (ImportInvalid) anything that is not such an archive before reading a byte of its content."""
    limit = settings.BACKUP_MAX_UNPACKED_BYTES
    count = _declared_file_count(handle)
    if count is not None and count > MAX_FILES:
        raise _refused(
            _("The archive holds %(count)d files; a backup holds at most %(max)d.") % {"count": count, "max": MAX_FILES}
        )
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refused(_("This is not a backup archive: expected a .zip file made by “Download backup”.")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_FILES:
            raise _refused(
                _("The archive holds %(count)d files; a backup holds at most %(max)d.")
                % {"count": len(infos), "max": MAX_FILES}
            )
        files = []
        for info in infos:
            name = info.filename
            if _unsafe_name(name):
                raise _refused(_("“%(name)s” points outside the archive's folder: refused.") % {"name": name[:200]})
            if _is_link(info):
                raise _refused(_("“%(name)s” is a symbolic link: a backup holds none.") % {"name": name[:200]})
            if info.is_dir():
                continue
            if name != MANIFEST and name != WORKSPACE and not MAP_FILE.fullmatch(name):
                raise _refused(_("“%(name)s” is not a file a backup holds.") % {"name": name[:200]})
            if info.flag_bits & 0x1:
                raise _refused(_("“%(name)s” is encrypted: a backup is not.") % {"name": name})
            files.append(info)
        total = sum(info.file_size for info in files)
        if total > limit:
            raise _refused(
                _("Unpacked, the archive would take %(size)s MB; a backup may take at most %(max)s MB.")
                % {"size": _megabytes(total), "max": _megabytes(limit)}
            )
        documents: dict[str, bytes] = {}
        for info in files:
            if info.filename in documents:
                raise _refused(_("“%(name)s” is in the archive twice.") % {"name": info.filename})
            try:
                with archive.open(info) as member:
                    data = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
                raise _refused(
                    _("“%(name)s” cannot be read: the archive is damaged.") % {"name": info.filename}
                ) from None
            if len(data) > info.file_size:  # (zipfile stops at the declared size; never trust it twice)
                raise _refused(_("“%(name)s” is larger than the archive says.") % {"name": info.filename})
            documents[info.filename] = data
    if MANIFEST not in documents:
        raise _refused(_("The archive has no manifest.json: it is not a backup made by this app."))
    return documents


def check_manifest(manifest: Any, names: set[str]) -> dict:
    """The manifest, checked: this format, a version this app reads, and exactly the files it lists."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise _refused(
            _("This is not a workspace backup (expected format “%(name)s”).") % {"name": FORMAT_NAME}, row=MANIFEST
        )
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refused(_("Missing or invalid format version."), row=MANIFEST)
    if version > FORMAT_VERSION:
        raise _refused(
            _("This archive uses backup format version %(version)d; this app reads up to version %(supported)d.")
            % {"version": version, "supported": FORMAT_VERSION},
            row=MANIFEST,
        )
    listed = manifest.get("files")
    if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
        raise _refused(_("The manifest does not list the archive's files."), row=MANIFEST)
    missing = sorted(set(listed) - names)
    if missing:
        raise _refused(
            _("The manifest lists “%(name)s”, which is not in the archive: it is incomplete.") % {"name": missing[0]},
            row=MANIFEST,
        )
    extra = sorted(names - set(listed) - {MANIFEST})
    if extra:
        raise _refused(
            _("“%(name)s” is in the archive but not in its manifest.") % {"name": extra[0]},
            row=MANIFEST,
        )
    if WORKSPACE not in names:
        raise _refused(_("The archive has no workspace.json."), row=MANIFEST)
    if not isinstance(manifest.get("counts", {}), dict):
        raise _refused(_("The manifest's counts must be an object."), row=MANIFEST)
    return manifest
