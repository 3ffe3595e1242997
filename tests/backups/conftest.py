"""A workspace holding one of everything a backup carries, and the exports' fixtures it builds on (a map
written in Korean, Polish and Russian with strategies and their histories; a real Celery worker)."""

import datetime
import io
from decimal import Decimal

import pytest

from backups.services import workspace_backup_write
from comments.services import comment_create, comment_update, thread_reopen, thread_resolve
from evidence.services import card_confidence_set, evidence_create
from guide.services import stage_mark_reviewed
from journeys.models import Journey, MapState
from journeys.services import journey_create, lane_cell_set
from metrics.models import Metric
from metrics.services import card_metric_set, reading_record
from opportunities.services import opportunity_create
from personas.services import persona_create
from strategies.models import Strategy
from tests.exports.conftest import (  # noqa: F401  (fixtures, shared with the exports' tests)
    laned_map,
    rich_map,
    shared_media_root,
    strategic_map,
    wait_for_job,
)
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_origins_set


@pytest.fixture
def full_workspace(team, strategic_map, make_user):  # noqa: F811  (the fixture imported above)
    """The team's workspace with strategic_map (its lanes worked on too) and, on it: comment threads on a
    card and on a strategy (resolved, reopened, edited, with mentions), readings of two metrics and the
    card metric, evidence with a persona the map does not feature, a card's confidence, opportunities
    (one carried out by a strategy), stage reviews; a persona nobody uses; and a second map, the first
    one's future state, whose cards were copied from the first one's."""
    journey = strategic_map
    stages = list(journey.stages.order_by("position"))
    consultation = Touchpoint.objects.get(title="Консультация в магазине")
    newsletter = Touchpoint.objects.get(title="Newsletter z rabatem")
    lane_cell_set(lane=journey.lanes.get(kind="text"), stage=stages[0], body="Szuka opinii w sieci", actor=team.editor)
    loner = persona_create(workspace=team.workspace, name="Nobody's persona", created_by=team.owner)
    zofia = journey.personas.get(name="Zofia Wójcik")

    first = comment_create(target=consultation, author=team.editor, body="Czy @olivia to widziała?")
    comment_create(target=consultation, author=team.owner, body="Да, **видела**.")
    comment_update(comment=first, editor=team.editor, body="Czy @olivia i @vera to widziały?")
    thread_resolve(thread=first.thread, user=team.owner)
    voice = Strategy.objects.get(title="Jeden głos marki")
    on_strategy = comment_create(target=voice, author=team.viewer, body="좋아요 @eddie")
    thread_resolve(thread=on_strategy.thread, user=team.editor)
    thread_reopen(thread=on_strategy.thread, user=team.viewer)

    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    nps = Metric.objects.get(workspace=team.workspace, name="NPS")
    reading_record(
        metric=csat,
        journey=journey,
        value=Decimal("4.5"),
        period_start=datetime.date(2026, 3, 1),
        touchpoint=consultation,
        recorded_by=team.editor,
    )
    reading_record(
        metric=nps, journey=journey, value=Decimal(-20), period_start=datetime.date(2026, 2, 1), stage=stages[1]
    )
    card_metric_set(journey=journey, metric=csat)
    complaint = evidence_create(
        journey=journey,
        text="Сотрудник не знал ответа",
        kind="review",
        observed_on=datetime.date(2026, 3, 2),
        touchpoints=[consultation],
        stages=[stages[1]],
        persona=zofia,
        created_by=team.editor,
    )
    card_confidence_set(touchpoint=newsletter, level="validated")
    answer = Strategy.objects.get(title="Odpowiadać w ciągu godziny")
    opportunity_create(
        journey=journey,
        title="Szkolenia dla sprzedawców",
        touchpoints=[consultation],
        stages=[stages[1]],
        evidence=[complaint],
        strategy=answer,
        owner=team.editor,
        impact=5,
        effort=2,
        created_by=team.owner,
    )
    opportunity_create(journey=journey, title="Mniej newsletterów", pain_points="Za dużo wiadomości")
    stage_mark_reviewed(stage=stages[0], reviewed_by=team.owner)

    future = journey_create(
        workspace=team.workspace,
        title="Ścieżka klienta (future state)",
        template="blank",
        personas=[zofia, loner],
        created_by=team.editor,
    )
    Journey.objects.filter(pk=future.pk).update(state=MapState.FUTURE, future_of=journey)
    card = touchpoint_create(
        stage=future.stages.create(name="Jutro", position=0),
        channel=newsletter.channel,
        title="Newsletter raz w miesiącu",
        personas=[loner],
    )
    touchpoint_origins_set(journey_id=future.pk, origin_ids=[newsletter.pk])
    assert Touchpoint.objects.get(pk=card.pk).origin_id == newsletter.pk
    return team.workspace


@pytest.fixture
def backup_of():
    """The archive of a workspace, as bytes."""

    def make(workspace) -> bytes:
        handle = io.BytesIO()
        workspace_backup_write(workspace=workspace, handle=handle)
        return handle.getvalue()

    return make
