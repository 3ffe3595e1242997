"""Fixtures for exports: a map written in Korean, Polish and Russian, a shared media folder,
and a real Celery worker (PostgreSQL + Redis runs only)."""

import os
import time

import pytest

from channels.models import Channel
from channels.services import channel_create
from journeys.models import CardSplit, LaneKind, RollupField
from journeys.services import (
    journey_create,
    lane_cell_set,
    lane_create,
    lane_delete,
    lane_move,
    lane_update,
    stage_create,
)
from personas.services import persona_create
from strategies.models import StrategyStatus
from strategies.services import strategy_create, strategy_restore, strategy_retire, strategy_review, strategy_update
from tests.celery_worker import PROJECT_DIR, _database_url, worker_command  # noqa: F401  (the chaos tests take them from here)
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create
from workspaces.models import Role
from workspaces.services import membership_set

needs_worker = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="a real Celery worker needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
)


@pytest.fixture(autouse=True)
def shared_media_root(request, settings, media_dir, tmp_path):
    """A media folder of the test's own, or the one the worker shares with the tests that use it."""
    settings.MEDIA_ROOT = media_dir if "celery_worker" in request.fixturenames else tmp_path
    return settings.MEDIA_ROOT


@pytest.fixture
def rich_map(team):
    """A map whose text is in Korean, Polish and Russian, with personas, owners and an awkward title."""
    ji_woo = persona_create(workspace=team.workspace, name="박지우", occupation="회사원", quote="빠른 배송이 중요해요")
    zofia = persona_create(workspace=team.workspace, name="Zofia Wójcik", occupation="Księgowa", age_range="35-44")
    anna = persona_create(workspace=team.workspace, name="Анна Смирнова", occupation="Учитель", story="Покупает онлайн")
    journey = journey_create(
        workspace=team.workspace,
        title="Ścieżka klienta — 고객 여정 — Путь клиента",
        description="Mapa dla zespołu sprzedaży.\nДля новых сотрудников.",
        template="default",
        personas=[ji_woo, zofia, anna],
        created_by=team.owner,
    )
    stages = list(journey.stages.all())
    stage_create(
        journey=journey, name="재구매 단계", description="다시 구매하는 고객", customer_goal="Wrócić po więcej"
    )
    stages = list(journey.stages.all())
    email = Channel.objects.get(workspace=team.workspace, name="E-mail")
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    kakao = channel_create(workspace=team.workspace, name="카카오톡")
    touchpoint_create(
        stage=stages[0],
        channel=kakao,
        title="카카오톡 광고 메시지",
        does="광고를 클릭한다",
        thinks="이거 괜찮네?",
        emotion=1,
        personas=[ji_woo],
    )
    touchpoint_create(
        stage=stages[0],
        channel=email,
        title="Newsletter z rabatem",
        does="Otwiera wiadomość",
        feels="Zaciekawiona",
        pain_points="Za dużo wiadomości",
        emotion=0,
        personas=[zofia],
        owner=team.editor,
    )
    touchpoint_create(
        stage=stages[1],
        channel=store,
        title="Консультация в магазине",
        thinks="Продавец знает, о чём говорит",
        opportunities="Обучить продавцов",
        emotion=2,
        personas=[anna, zofia],
    )
    touchpoint_create(stage=stages[2], channel=email, title="=1+2 formula-looking title", emotion=-2)
    touchpoint_create(stage=stages[5], channel=store, title="Zwrot towaru — 반품", emotion=-1, personas=[ji_woo, anna])
    return journey


@pytest.fixture
def laned_map(rich_map, team):
    """rich_map with its lanes worked on: texts in its template's "Customer actions" lane, a hidden
    text lane of its own with a text, the cards split by persona, one roll-up removed, the curve
    moved to the bottom. Lanes, top to bottom: Zaplecze (hidden), Customer actions, cards, pain
    points, strategies, curve."""
    stages = list(rich_map.stages.order_by("position"))
    actions = rich_map.lanes.get(kind=LaneKind.TEXT)
    lane_cell_set(lane=actions, stage=stages[0], body="Szuka opinii w sieci\n\n- 블로그 후기 읽기", actor=team.owner)
    lane_cell_set(lane=actions, stage=stages[1], body="", actor=team.owner)  # written, then emptied: not exported
    lane_cell_set(lane=actions, stage=stages[5], body="Возвращается за **новой** покупкой", actor=team.editor)
    backstage = lane_create(journey=rich_map, kind=LaneKind.TEXT, title="Zaplecze — 백오피스", position=0)
    lane_cell_set(lane=backstage, stage=stages[1], body="Magazyn sprawdza stany", actor=team.owner)
    lane_update(lane=backstage, hidden=True)
    lane_update(lane=rich_map.lanes.get(kind=LaneKind.CARDS), split_by=CardSplit.PERSONA)
    lane_delete(lane=rich_map.lanes.get(kind=LaneKind.ROLLUP, rollup_field=RollupField.OPPORTUNITIES))
    lane_move(lane=rich_map.lanes.get(kind=LaneKind.CURVE), position=10)
    return rich_map


@pytest.fixture
def strategic_map(rich_map, team, make_user):
    """rich_map with strategies on the whole map, two stages and a touchpoint, with histories: edits
    by several people (tomasz among them), a review, a restore, a retirement, a draft."""
    stages = list(rich_map.stages.order_by("position"))
    anna = rich_map.personas.get(name="Анна Смирнова")
    consultation = Touchpoint.objects.get(title="Консультация в магазине")
    tomasz = make_user("tomasz", first_name="Tomasz", last_name="Nowak")
    membership_set(workspace=team.workspace, user=tomasz, role=Role.EDITOR)

    voice = strategy_create(
        journey=rich_map,
        title="Jeden głos marki",
        body="Piszemy **prosto** i _ciepło_.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
        change_note="Pierwsza wersja",
    )
    strategy_update(
        strategy=voice,
        author=team.editor,
        change_note="Доработка",
        body="Piszemy **prosto** i _ciepło_.\n\n- Bez żargonu",
    )
    strategy_review(strategy=voice, author=team.owner)

    answer = strategy_create(
        journey=rich_map, stage=stages[0], title="Odpowiadać w ciągu godziny", author=team.editor, persona=None
    )
    strategy_update(
        strategy=answer,
        author=tomasz,
        status=StrategyStatus.ACTIVE,
        body="1. Czat\n2. E-mail: [szablony](https://example.org/szablony)",
    )
    strategy_update(strategy=answer, author=team.owner, change_note="Za wolno?", body="Do końca dnia.")
    strategy_restore(strategy=answer, number=2, author=team.editor, change_note="Wracamy do godziny")

    strategy_create(
        journey=rich_map,
        touchpoint=consultation,
        persona=anna,
        title="매장 직원 교육",
        body="## 목표\nКаждый продавец знает ассортимент.",
        status=StrategyStatus.ACTIVE,
        owner=team.editor,
        author=team.owner,
    )
    old = strategy_create(
        journey=rich_map, stage=stages[0], title="Stara strategia", status=StrategyStatus.ACTIVE, author=team.owner
    )
    strategy_retire(strategy=old, author=team.owner, change_note="Nieaktualna")
    strategy_create(journey=rich_map, stage=stages[1], title="Szkic: program lojalnościowy", author=team.editor)
    return rich_map


# --- A real Celery worker ---------------------------------------------------------------------


def wait_for_job(job, *, timeout: float = 90):
    """Re-read the job until the worker has finished it (the deadline only guards against a hang)."""
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.is_finished:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job.pk} still {job.status} at {job.progress}%")
        time.sleep(0.2)
