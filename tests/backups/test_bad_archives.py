"""Archives a restore refuses, each with a message saying why, and nothing written."""

import io
import json
import stat
import zipfile

import pytest

from backups import archive
from backups.services import workspace_restore
from exports.importers.common import ImportInvalid
from journeys.models import Journey
from touchpoints.models import Touchpoint
from workspaces.models import Workspace

from .helpers import documents

pytestmark = pytest.mark.django_db


def pack(members: dict, *, links: dict | None = None) -> bytes:
    """A zip of these members (a dict is written as JSON); `links`: symbolic links, name -> target."""
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zip_file:
        for name, content in members.items():
            data = json.dumps(content).encode() if isinstance(content, (dict, list)) else content
            zip_file.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zip_file.writestr(info, target)
    return handle.getvalue()


@pytest.fixture
def good(journey, touchpoint, backup_of, team):
    """The documents of a good archive of the team's workspace (one map, one card)."""
    return documents(backup_of(team.workspace))


def refused(data: bytes, owner) -> list[dict]:
    """The problems a restore of `data` finds; asserts that it wrote nothing."""
    before = (Workspace.objects.count(), Journey.objects.count(), Touchpoint.objects.count())
    with pytest.raises(ImportInvalid) as refusal:
        workspace_restore(handle=io.BytesIO(data), owner=owner)
    assert (Workspace.objects.count(), Journey.objects.count(), Touchpoint.objects.count()) == before
    return refusal.value.problems


def messages(problems: list[dict]) -> list[str]:
    return [problem["message"] for problem in problems]


def test_the_good_archive_restores(good, team):
    report = workspace_restore(handle=io.BytesIO(pack(good)), owner=team.owner)
    assert report.counts["touchpoints"] == 1


def test_a_file_that_is_not_an_archive_is_refused(team):
    assert messages(refused(b'{"format": "journeyboard.map"}', team.owner)) == [
        "This is not a backup archive: expected a .zip file made by “Download backup”."
    ]
    assert messages(refused(b"", team.owner)) == [
        "This is not a backup archive: expected a .zip file made by “Download backup”."
    ]


def test_an_archive_without_its_manifest_is_refused(good, team):
    del good["manifest.json"]
    assert messages(refused(pack(good), team.owner)) == [
        "The archive has no manifest.json: it is not a backup made by this app."
    ]


def test_another_format_and_an_unsupported_version_are_refused(good, team):
    other = {**good, "manifest.json": {**good["manifest.json"], "format": "journeyboard.map"}}
    assert messages(refused(pack(other), team.owner)) == [
        "This is not a workspace backup (expected format “journeyboard.workspace-backup”)."
    ]
    newer = {**good, "manifest.json": {**good["manifest.json"], "format_version": 2}}
    assert messages(refused(pack(newer), team.owner)) == [
        "This archive uses backup format version 2; this app reads up to version 1."
    ]
    for version in (None, "1", 0, True):
        broken = {**good, "manifest.json": {**good["manifest.json"], "format_version": version}}
        assert messages(refused(pack(broken), team.owner)) == ["Missing or invalid format version."]


@pytest.mark.parametrize(
    "name", ["../x.json", "/etc/passwd", "maps/../../x.json", "..\\x.json", "C:/x.json", "maps/..", "a/../../b"]
)
def test_a_file_whose_path_leads_outside_the_archive_is_refused(good, team, name):
    problems = refused(pack({**good, name: b"{}"}), team.owner)
    assert messages(problems) == [f"“{name}” points outside the archive's folder: refused."]


def test_a_symbolic_link_is_refused(good, team):
    problems = refused(pack(good, links={"maps/0002.json": "/etc/passwd"}), team.owner)
    assert messages(problems) == ["“maps/0002.json” is a symbolic link: a backup holds none."]


def test_a_file_a_backup_does_not_hold_is_refused(good, team):
    assert messages(refused(pack({**good, "notes.txt": b"hi"}), team.owner)) == [
        "“notes.txt” is not a file a backup holds."
    ]


def test_an_archive_too_big_once_unpacked_is_refused_before_it_is_read(good, team, settings):
    """A zip bomb: 64 MB of zeros weigh 64 KB packed; what it declares is checked before anything is read."""
    settings.BACKUP_MAX_UNPACKED_BYTES = 32 * 2**20
    data = pack({**good, "maps/0002.json": bytes(64 * 2**20)})
    assert len(data) < 2**20
    assert messages(refused(data, team.owner)) == [
        "Unpacked, the archive would take 64 MB; a backup may take at most 32 MB."
    ]


def test_an_archive_of_too_many_files_is_refused_before_its_directory_is_read(good, team, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILES", 5)
    maps = {f"maps/{number:04d}.json": good["maps/0001.json"] for number in range(1, 10)}
    data = pack({**good, **maps})
    assert archive._declared_file_count(io.BytesIO(data)) == 11
    assert messages(refused(data, team.owner)) == ["The archive holds 11 files; a backup holds at most 5."]


def test_an_incomplete_archive_is_refused(good, team):
    del good["maps/0001.json"]
    assert messages(refused(pack(good), team.owner)) == [
        "The manifest lists “maps/0001.json”, which is not in the archive: it is incomplete."
    ]


def test_a_file_the_manifest_does_not_list_is_refused(good, team):
    assert messages(refused(pack({**good, "maps/0002.json": good["maps/0001.json"]}), team.owner)) == [
        "“maps/0002.json” is in the archive but not in its manifest."
    ]


def test_counts_that_do_not_match_are_refused(good, team):
    good["manifest.json"]["counts"]["touchpoints"] = 7
    assert refused(pack(good), team.owner) == [
        {
            "row": "manifest.json",
            "field": "counts.touchpoints",
            "message": "The manifest counts 7; the archive holds 1.",
        }
    ]


def test_a_map_that_is_not_json_is_refused_with_its_line(good, team):
    problems = refused(pack({**good, "maps/0001.json": b'{"format":\n nope}'}), team.owner)
    assert problems[0]["row"] == "maps/0001.json line 2"
    assert problems[0]["message"].startswith("This is not valid JSON")
    nul = refused(pack({**good, "maps/0001.json": b'{"a": "\\u0000"}'}), team.owner)
    assert messages(nul) == ["This line holds a NUL character, which text cannot contain."]
    deep = refused(pack({**good, "maps/0001.json": b"[" * 100_000 + b"]" * 100_000}), team.owner)
    assert messages(deep) == ["The file nests its data too deeply to be read."]


def test_a_map_export_is_not_part_of_a_backup(good, team):
    del good["maps/0001.json"]["backup"]
    assert messages(refused(pack(good), team.owner)) == [
        "This map has no “backup” section: it is a map export, not part of a backup."
    ]


def test_a_map_keeps_the_map_imports_rules(good, team):
    good["maps/0001.json"]["stages"][0]["touchpoints"][0]["emotion"] = 7
    good["maps/0001.json"]["journey"]["title"] = ""
    assert refused(pack(good), team.owner) == [
        {"row": "maps/0001.json journey", "field": "title", "message": "This field is required."},
        {
            "row": "maps/0001.json stages[0].touchpoints[0]",
            "field": "emotion",
            "message": "Enter a whole number from -2 to 2.",
        },
    ]


def test_references_to_what_the_archive_does_not_hold_are_refused(good, team):
    workspace = good["workspace.json"]
    first = good["maps/0001.json"]
    card = first["stages"][0]["touchpoints"][0]
    workspace["channels"] = [channel for channel in workspace["channels"] if channel["name"] != card["channel"]]
    workspace["personas"] = []
    workspace["people"] = [person for person in workspace["people"] if person["username"] != "olivia"]
    first["backup"]["threads"] = [
        {"touchpoint": "touchpoint-999999", "strategy": None, "created_at": "2026-01-01T00:00:00+00:00", "comments": []}
    ]
    workspace["links"]["future_of"] = {first["backup"]["ref"]: "journey-999999"}
    good["manifest.json"]["counts"] = {}
    found = messages(refused(pack(good), team.owner))
    assert found == [
        "No channel of the archive is called “E-mail”.",
        f"No persona of the archive is “{first['personas'][0]['ref']}”.",
        "“olivia” is not among the archive's people.",
        "No card of this map is “touchpoint-999999”.",
        "No map of the archive is “journey-999999”.",
    ]


def test_a_card_copied_from_a_card_the_archive_does_not_hold_is_refused(good, team):
    card = good["maps/0001.json"]["stages"][0]["touchpoints"][0]["ref"]
    good["workspace.json"]["links"]["card_origins"] = {card: "touchpoint-424242"}
    assert messages(refused(pack(good), team.owner)) == ["No card of the archive is “touchpoint-424242”."]


def test_a_comment_too_long_or_without_its_time_is_refused(good, team):
    card = good["maps/0001.json"]["stages"][0]["touchpoints"][0]["ref"]
    good["maps/0001.json"]["backup"]["threads"] = [
        {
            "touchpoint": card,
            "strategy": None,
            "created_at": "2026-01-01T00:00:00+00:00",
            "comments": [
                {"author": "olivia", "body": "x" * 5001, "created_at": "2026-01-01T00:00:00+00:00"},
                {"author": "olivia", "body": "Hi", "created_at": "yesterday"},
            ],
        }
    ]
    good["manifest.json"]["counts"] = {}
    assert messages(refused(pack(good), team.owner)) == [
        "At most 5000 characters.",
        "Enter a date and time with its time zone (ISO 8601).",
    ]
