"""strategy_import: a strategy comes back with its whole history, written once, never rewritten."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from strategies.models import ImmutableRevision, RevisionKind, Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_import, strategy_restore, strategy_update

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2025, 3, 14, 9, 30, tzinfo=datetime.UTC)


def revision(number, **fields):
    return {
        "number": number,
        "kind": RevisionKind.CREATED if number == 1 else RevisionKind.EDITED,
        "title": "Odpowiadać w ciągu godziny",
        "body": "Czat i e-mail.",
        "status": StrategyStatus.ACTIVE,
        "change_note": "",
        "restored_from": None,
        "author": None,
        "author_name": "",
        "created_at": DAY + datetime.timedelta(days=number),
        **fields,
    }


@pytest.fixture
def history(team):
    return [
        revision(1, status=StrategyStatus.DRAFT, body="", author=team.owner, author_name="Olivia"),
        revision(2, author=None, author_name="Tomasz Nowak", change_note="Gotowe"),
        revision(3, body="Do końca dnia.", author=team.editor, author_name="Eddie", change_note="Za wolno?"),
        revision(4, kind=RevisionKind.RESTORED, restored_from=2, author=team.editor, author_name="Eddie"),
    ]


def test_a_strategy_comes_back_with_its_history_as_it_was(journey, team, persona, history):
    stage = journey.stages.get(position=1)

    strategy = strategy_import(
        journey=journey,
        stage=stage,
        persona=persona,
        owner=team.editor,
        last_reviewed_on=datetime.date(2025, 3, 20),
        revisions=history,
    )

    strategy.refresh_from_db()
    assert (strategy.title, strategy.body, strategy.status, strategy.version) == (
        "Odpowiadać w ciągu godziny",
        "Czat i e-mail.",
        StrategyStatus.ACTIVE,
        4,
    )
    assert (strategy.stage, strategy.persona, strategy.owner) == (stage, persona, team.editor)
    assert strategy.last_reviewed_on == datetime.date(2025, 3, 20)
    assert (strategy.created_at, strategy.updated_at) == (history[0]["created_at"], history[3]["created_at"])
    assert strategy.guide_changed_at == history[3]["created_at"]  # the restore changed what the guide shows
    rows = list(strategy.revisions.order_by("number"))
    assert [(r.number, r.kind, r.status, r.restored_from, r.author, r.who, r.created_at) for r in rows] == [
        (1, "created", "draft", None, team.owner, "Olivia", history[0]["created_at"]),
        (2, "edited", "active", None, None, "Tomasz Nowak", history[1]["created_at"]),
        (3, "edited", "active", None, team.editor, "Eddie", history[2]["created_at"]),
        (4, "restored", "active", 2, team.editor, "Eddie", history[3]["created_at"]),
    ]
    assert rows[2].change_note == "Za wolno?"


def test_an_imported_history_goes_on_and_its_revisions_stay_immutable(journey, team, history):
    strategy = strategy_import(journey=journey, revisions=history)

    strategy_update(strategy=strategy, author=team.owner, change_note="Dalej", body="Nowe")
    strategy_restore(strategy=strategy, number=1, author=team.owner)

    assert list(strategy.revisions.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    first = StrategyRevision.objects.get(strategy=strategy, number=1)
    first.body = "Przepisana historia"
    with pytest.raises(ImmutableRevision):
        first.save()
    with pytest.raises(ImmutableRevision):
        StrategyRevision.objects.filter(strategy=strategy).update(body="x")


def test_last_reviewed_defaults_to_the_day_of_the_last_revision(journey, history):
    strategy = strategy_import(journey=journey, revisions=history)
    assert strategy.last_reviewed_on == datetime.date(2025, 3, 18)


def test_a_draft_never_shown_in_the_guide_has_no_guide_change(journey):
    strategy = strategy_import(journey=journey, revisions=[revision(1, status=StrategyStatus.DRAFT)])
    assert strategy.guide_changed_at is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda h, team: h.__setitem__(2, {**h[2], "number": 7}), "revisions[2].number"),
        (lambda h, team: h.__setitem__(1, {**h[1], "restored_from": 2}), "revisions[1].restored_from"),
        (lambda h, team: h.__setitem__(0, {**h[0], "kind": "deleted"}), "revisions[0].kind"),
        (lambda h, team: h.__setitem__(0, {**h[0], "status": "done"}), "revisions[0].status"),
        (lambda h, team: h.__setitem__(3, {**h[3], "title": ""}), "revisions[3].title"),
        (lambda h, team: h.__setitem__(1, {**h[1], "author": team.outsider}), "revisions[1].author"),
        (
            lambda h, team: h.__setitem__(1, {**h[1], "created_at": datetime.datetime(2025, 1, 1)}),
            "revisions[1].created_at",
        ),
        (lambda h, team: h.clear(), "revisions"),
    ],
    ids=["numbering", "restores-a-later-one", "kind", "status", "title", "outsider-author", "naive-time", "empty"],
)
def test_a_broken_history_is_refused_and_nothing_is_written(journey, team, history, change, field):
    change(history, team)
    with pytest.raises(ValidationError) as error:
        strategy_import(journey=journey, revisions=history)
    assert field in error.value.message_dict
    assert not Strategy.objects.exists()
    assert not StrategyRevision.objects.exists()


def test_links_follow_the_rules_of_strategy_create(journey, team, history):
    from journeys.services import journey_create
    from personas.services import persona_create

    other_map = journey_create(workspace=team.workspace, title="Inna mapa")
    stranger = persona_create(workspace=team.workspace, name="Nie na mapie")
    with pytest.raises(ValidationError):
        strategy_import(journey=journey, stage=other_map.stages.first(), revisions=history)
    with pytest.raises(ValidationError):
        strategy_import(journey=journey, persona=stranger, revisions=history)
    with pytest.raises(ValidationError):
        strategy_import(journey=journey, owner=team.outsider, revisions=history)
    assert not Strategy.objects.exists()
