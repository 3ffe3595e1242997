"""manage.py workspace_backup and workspace_restore, for operators."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from backups.models import BackupJob
from journeys.models import Journey
from workspaces.models import Membership, Role, Workspace

from .helpers import archive_content, differences, documents

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_backup_then_restore_from_the_command_line(full_workspace, team, tmp_path):
    path = tmp_path / "retail.zip"
    output = run("workspace_backup", str(team.workspace.pk), str(path))
    assert output.startswith(f"Backed up “Retail team” (workspace {team.workspace.pk}) to {path}: ")
    assert "2 maps" in output and "3 comments" in output and "11 strategy revisions" in output
    assert not BackupJob.objects.exists()  # (the command writes the file itself, no job)

    output = run("workspace_restore", str(path), "--owner", "oscar", "--name", "Kopia")
    copy = Workspace.objects.get(name="Kopia")
    assert output.startswith(f"Restored into workspace {copy.pk}, owned by oscar: 2 maps, ")
    assert "Not members here (4): eddie, olivia, tomasz, vera." in output
    assert Journey.objects.filter(workspace=copy).count() == 2


def test_with_members_an_operator_gets_the_same_content_back(full_workspace, team, tmp_path):
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    run("workspace_backup", "Retail team", str(first))
    run("workspace_restore", str(first), "--owner", "olivia", "--with-members")
    copy = Workspace.objects.get(name="Retail team (restored)")
    assert Membership.objects.get(workspace=copy, user=team.viewer).role == Role.VIEWER
    run("workspace_backup", str(copy.pk), str(second))
    expected = archive_content(first.read_bytes())
    expected["workspace"]["workspace"]["name"] = expected["manifest"]["workspace"] = "Retail team (restored)"
    for map_file in expected["maps"]:
        map_file["workspace"]["name"] = "Retail team (restored)"
    assert differences(archive_content(second.read_bytes()), expected) == []


def test_a_refused_archive_prints_its_problems_and_restores_nothing(team, tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"The archive was refused \(1 problems\); nothing was restored."):
        call_command("workspace_restore", str(path), "--owner", "olivia", stderr=out)
    assert "file: This is not a backup archive" in out.getvalue()
    assert Workspace.objects.count() == 2


def test_the_commands_say_what_they_cannot_find(team, tmp_path):
    with pytest.raises(CommandError, match=re.escape("No workspace has the id or the name “Nope”.")):
        run("workspace_backup", "Nope", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="No folder"):
        run("workspace_backup", str(team.workspace.pk), str(tmp_path / "missing" / "x.zip"))
    with pytest.raises(CommandError, match=re.escape("No account has the username “nobody”.")):
        run("workspace_restore", str(tmp_path / "x.zip"), "--owner", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        run("workspace_restore", str(tmp_path / "x.zip"), "--owner", "olivia")
    Workspace.objects.create(name="Retail team")
    with pytest.raises(CommandError, match=re.escape("More than one workspace is called “Retail team”: give its id.")):
        run("workspace_backup", "Retail team", str(tmp_path / "x.zip"))
    assert list(tmp_path.iterdir()) == []  # no half-written archive left behind


def test_the_archive_file_is_the_one_the_browser_downloads(team, journey, tmp_path, backup_of):
    path = tmp_path / "cli.zip"
    run("workspace_backup", str(team.workspace.pk), str(path))
    assert archive_content(path.read_bytes()) == archive_content(backup_of(team.workspace))
    assert sorted(documents(path.read_bytes())) == ["manifest.json", "maps/0001.json", "workspace.json"]
