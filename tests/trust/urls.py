"""Every URL of the app, filled in with the objects of one workspace (`world`): what the permission sweep
and the crafted-input sweep walk. A route whose placeholder this module cannot fill fails the sweep, so
a new view cannot be left out of it."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

# Not ours to sweep: Django's admin, the static files, the API's own docs.
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# The word before a placeholder names the object it takes.
OBJECT_OF_SEGMENT = {
    "maps": "journey",
    "journeys": "journey",
    "stages": "stage",
    "cells": "stage",
    "touchpoints": "touchpoint",
    "lanes": "lane",
    "strategies": "strategy",
    "personas": "persona",
    "channels": "channel",
    "workspaces": "workspace",
    "metrics": "metric",
    "readings": "reading",
    "evidence": "evidence",
    "opportunities": "opportunity",
    "exports": "export",
    "imports": "import_job",
    "snapshots": "snapshot",
    "comments": "comment",
    "threads": "thread",
    "members": "membership",
    "invitations": "invitation",
    "inbox": "notification",
    "join": "invitation_token",
    "tokens": "token_digest",
    "backups": "backup",
    "restores": "restore_job",
    "share-links": "share_link",
    "shared": "share_token",
    "trash": "trash_entry",
}


@dataclass(frozen=True)
class Route:
    pattern: str  # as Django prints it, placeholders in <>
    name: str
    path: str  # filled in with the world's objects
    is_account: bool = False  # django-allauth's pages: the user's own account, no object of a workspace

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or ""), entry.callback.__module__


# What an account page's placeholder (a key mailed to someone, a provider's name) is given: a wrong one.
ACCOUNT_PLACEHOLDER = re.compile(r"\(\?P<[^>]+>[^)]*\)|<(?:[^>:]+:)?[^>]+>")


def _fill(pattern: str, objects: dict) -> str:
    """The pattern with each placeholder replaced by the pk of the object its preceding word names."""
    text = pattern.lstrip("^").rstrip("$")
    if "(?P<" in text:
        raise LookupError(f"a regular expression route: {pattern!r}")

    def replace(match):
        before = text[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        key = OBJECT_OF_SEGMENT.get(before)
        if key is None or key not in objects:
            raise LookupError(f"no object for <{match.group('name')}> after “{before}/” in {pattern!r}")
        return str(objects[key])

    return "/" + PLACEHOLDER.sub(replace, text)


def routes(objects: dict) -> list[Route]:
    out = []
    for pattern, name, module in _walk(get_resolver().url_patterns):
        if pattern.lstrip("^").startswith(SKIPPED_PREFIXES) or "<format>" in pattern:
            continue  # (DRF's suffix routes: the same views as those without it)
        if module.startswith("allauth.") or (pattern.startswith("accounts/") and module.startswith("django.")):
            path = "/" + ACCOUNT_PLACEHOLDER.sub("wrong", pattern.replace("^", "").replace("$", ""))
            out.append(Route(pattern, name, path, is_account=True))
            continue
        out.append(Route(pattern, name, _fill(pattern, objects)))
    return out


def build_world(team) -> SimpleNamespace:
    """One of everything in the team's workspace, made through the services."""
    from backups.models import BackupJob, RestoreJob
    from channels.models import Channel
    from comments.services import comment_create
    from evidence.services import evidence_create
    from exports import services as exports
    from exports.models import ExportJob, JobStatus
    from exports.snapshots import snapshot_take
    from journeys.models import LaneKind
    from journeys.services import journey_create, lane_create
    from metrics.models import Metric
    from metrics.services import reading_record
    from opportunities.services import opportunity_create
    from personas.services import persona_create
    from strategies.services import strategy_create, strategy_update
    from touchpoints.services import touchpoint_create, touchpoint_delete
    from workspaces.models import Membership
    from workspaces.services import invitation_create

    workspace = team.workspace
    persona = persona_create(workspace=workspace, name="Ji-woo Park")
    journey = journey_create(
        workspace=workspace, title="Swept map", template="default", personas=[persona], created_by=team.owner
    )
    stage = journey.stages.order_by("position").first()
    channel = Channel.objects.filter(workspace=workspace).first()
    touchpoint = touchpoint_create(stage=stage, channel=channel, title="Newsletter", personas=[persona])
    trash_entry = touchpoint_delete(touchpoint=touchpoint_create(stage=stage, channel=channel, title="Flyer"))
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="Notes")
    strategy = strategy_create(
        journey=journey, stage=stage, title="Reply fast", body="Within a day.", author=team.editor
    )
    strategy_update(strategy=strategy, author=team.editor, body="Within an hour.")
    comment = comment_create(target=touchpoint, author=team.editor, body="Hello @olivia")
    metric = Metric.objects.get(workspace=workspace, name="CSAT")
    reading = reading_record(
        metric=metric, journey=journey, value=Decimal(4), period_start=datetime.date(2026, 1, 1), touchpoint=touchpoint
    )
    evidence = evidence_create(
        journey=journey, text="Too slow", observed_on=datetime.date(2026, 1, 2), touchpoints=[touchpoint]
    )
    opportunity = opportunity_create(journey=journey, title="Faster replies", touchpoints=[touchpoint])
    export = exports.export_job_create(journey=journey, format="json", created_by=team.editor)
    ExportJob.objects.filter(pk=export.pk).update(status=JobStatus.SUCCEEDED)
    import_job = exports.import_job_create_touchpoints(
        journey=journey,
        upload=SimpleUploadedFile("cards.csv", b"stage,title,channel\n", content_type="text/csv"),
        created_by=team.editor,
    )
    snapshot = snapshot_take(journey=journey, name="Before the workshop", created_by=team.editor)
    invitation = invitation_create(
        workspace=workspace, email="new@example.com", role="editor", invited_by=team.owner, site_url="http://testserver"
    )
    backup = BackupJob.objects.create(workspace=workspace, created_by=team.owner)
    restore_job = RestoreJob.objects.create(created_by=team.owner)
    notification = team.owner.notifications.first()
    from knox.models import AuthToken

    from sharing.services import share_link_create

    share_link, share_token = share_link_create(
        journey=journey, created_by=team.editor, shows_guide=True, shows_strategies=True, label="Everything"
    )

    token, _key = AuthToken.objects.create(user=team.editor)
    objects = {
        "workspace": workspace.pk,
        "persona": persona.pk,
        "journey": journey.pk,
        "stage": stage.pk,
        "channel": channel.pk,
        "touchpoint": touchpoint.pk,
        "lane": lane.pk,
        "strategy": strategy.pk,
        "comment": comment.pk,
        "thread": comment.thread_id,
        "metric": metric.pk,
        "reading": reading.pk,
        "evidence": evidence.pk,
        "opportunity": opportunity.pk,
        "export": export.pk,
        "import_job": import_job.pk,
        "snapshot": snapshot.pk,
        "membership": Membership.objects.get(workspace=workspace, user=team.editor).pk,
        "invitation": invitation.pk,
        "invitation_token": invitation.token,
        "notification": notification.pk,
        "token_digest": token.digest,
        "backup": backup.pk,
        "restore_job": restore_job.pk,
        "share_link": share_link.pk,
        "share_token": share_token,
        "trash_entry": trash_entry.pk,
    }
    return SimpleNamespace(objects=objects, journey=journey, team=team, share_link=share_link, share_token=share_token)
