"""Strategies and their revisions: services, immutability, Markdown sanitising and the word diff."""

import difflib
import re
from html import unescape

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.test import RequestFactory
from django.urls import reverse

from core.markdown import render_markdown
from core.versioning import VersionConflict
from journeys.models import Journey
from journeys.services import journey_delete, stage_delete
from personas.services import persona_create
from strategies.diff import LINE_BUDGET, WORD_BUDGET, text_diff, word_diff
from strategies.models import ImmutableRevision, RevisionKind, Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_create, strategy_restore, strategy_retire, strategy_review, strategy_update
from touchpoints.services import touchpoint_delete

from .strategy_fixtures import *  # noqa: F403


def revisions_of(strategy):
    return list(StrategyRevision.objects.filter(strategy=strategy).order_by("number"))


# ---- revisions on every save -------------------------------------------------------------------------------------


def test_creating_a_strategy_writes_revision_one(strategy, team):
    [revision] = revisions_of(strategy)
    assert (revision.number, revision.kind, revision.title, revision.status) == (
        1,
        RevisionKind.CREATED,
        "Answer every review",
        StrategyStatus.DRAFT,
    )
    assert revision.author == team.editor and revision.author_name == "Eddie"
    assert strategy.version == 1
    assert strategy.owner == team.editor


def test_every_save_writes_a_revision_with_its_note(strategy, edit):
    edit(strategy, body="Reply within one day.", note="Customers expect faster answers")
    edit(strategy, status=StrategyStatus.ACTIVE)
    revisions = revisions_of(strategy)
    assert [r.number for r in revisions] == [1, 2, 3]
    assert [r.body for r in revisions] == [
        "Reply to each review within two days.",
        "Reply within one day.",
        "Reply within one day.",
    ]
    assert revisions[1].change_note == "Customers expect faster answers"
    assert revisions[2].status == StrategyStatus.ACTIVE
    assert Strategy.objects.get(pk=strategy.pk).version == 3


def test_saving_the_model_directly_still_writes_a_revision(strategy, team):
    strategy.title = "Answer every review, kindly"
    strategy.save(author=team.owner, change_note="From the shell")
    assert revisions_of(strategy)[-1].title == "Answer every review, kindly"
    assert revisions_of(strategy)[-1].number == 2


def test_an_edit_that_changes_nothing_writes_no_revision(strategy, edit):
    edit(strategy, title="Answer every review", body="Reply to each review within two days.")
    assert len(revisions_of(strategy)) == 1


def test_changing_an_active_strategy_requires_a_change_note(active_strategy, edit):
    with pytest.raises(ValidationError) as error:
        edit(active_strategy, body="Send it after the first order instead.")
    assert "change_note" in error.value.message_dict
    assert len(revisions_of(active_strategy)) == 1
    edit(active_strategy, body="Send it after the first order instead.", note="Sign-ups were not buying")
    assert revisions_of(active_strategy)[-1].change_note == "Sign-ups were not buying"


def test_a_draft_changes_without_a_note_and_activating_it_needs_none(strategy, edit):
    edit(strategy, body="Reply within a day.")
    edit(strategy, status=StrategyStatus.ACTIVE)
    assert Strategy.objects.get(pk=strategy.pk).status == StrategyStatus.ACTIVE


def test_retiring_an_active_strategy_needs_a_note_and_keeps_the_history(active_strategy, team):
    with pytest.raises(ValidationError):
        strategy_retire(strategy=active_strategy, author=team.editor)
    strategy_retire(strategy=active_strategy, author=team.editor, change_note="Replaced by the loyalty programme")
    assert Strategy.objects.get(pk=active_strategy.pk).status == StrategyStatus.RETIRED
    assert [r.status for r in revisions_of(active_strategy)] == [StrategyStatus.ACTIVE, StrategyStatus.RETIRED]


def test_an_edit_from_an_old_version_is_a_conflict(strategy, edit, team):
    edit(strategy, body="Someone else got there first.")
    with pytest.raises(VersionConflict):
        strategy_update(strategy=strategy, author=team.owner, expected_version=1, body="Mine")
    assert len(revisions_of(strategy)) == 2


def test_review_records_a_reviewed_revision_and_the_date(strategy, team):
    Strategy.objects.filter(pk=strategy.pk).update(last_reviewed_on=None)
    reviewed = strategy_review(strategy=strategy, author=team.owner, change_note="Still right")
    assert reviewed.last_reviewed_on is not None
    last = revisions_of(strategy)[-1]
    assert (last.kind, last.change_note, last.body) == (RevisionKind.REVIEWED, "Still right", strategy.body)


def test_owner_and_persona_must_belong_to_the_map(journey, stage, team):
    stranger_persona = persona_create(workspace=team.other_workspace, name="Stranger")
    with pytest.raises(ValidationError) as error:
        strategy_create(
            journey=journey, stage=stage, title="X", author=team.owner, owner=team.outsider, persona=stranger_persona
        )
    assert set(error.value.message_dict) == {"owner", "persona"}
    assert not Strategy.objects.exists()


def test_a_strategy_has_one_scope_of_its_own_map(journey, stage, touchpoint, team):
    other = Journey.objects.create(workspace=team.workspace, title="Other map")
    other_stage = other.stages.create(name="Elsewhere")
    with pytest.raises(ValidationError):
        strategy_create(journey=journey, stage=stage, touchpoint=touchpoint, title="X", author=team.owner)
    with pytest.raises(ValidationError):
        strategy_create(journey=journey, stage=other_stage, title="X", author=team.owner)
    on_card = strategy_create(journey=journey, touchpoint=touchpoint, title="Card", author=team.owner)
    assert on_card.scope_stage == stage


def test_a_title_is_required(journey, team):
    with pytest.raises(ValidationError) as error:
        strategy_create(journey=journey, title="  ", author=team.owner)
    assert "title" in error.value.message_dict


# ---- restore -----------------------------------------------------------------------------------------------------


def test_restore_is_itself_a_revision_and_loses_nothing(strategy, edit, team):
    edit(strategy, body="Second version", status=StrategyStatus.ACTIVE)
    edit(strategy, body="Third version", note="Tuning")
    restored = strategy_restore(strategy=strategy, number=1, author=team.owner)
    revisions = revisions_of(strategy)
    assert [r.number for r in revisions] == [1, 2, 3, 4]
    assert [r.body for r in revisions] == [
        "Reply to each review within two days.",
        "Second version",
        "Third version",
        "Reply to each review within two days.",
    ]
    assert (revisions[-1].kind, revisions[-1].restored_from, revisions[-1].status) == (
        RevisionKind.RESTORED,
        1,
        StrategyStatus.DRAFT,
    )
    assert (restored.body, restored.status, restored.version) == (revisions[0].body, StrategyStatus.DRAFT, 4)


def test_restoring_the_current_or_a_missing_revision_is_refused(strategy, team):
    with pytest.raises(ValidationError):
        strategy_restore(strategy=strategy, number=1, author=team.owner)
    with pytest.raises(ValidationError):
        strategy_restore(strategy=strategy, number=7, author=team.owner)
    assert len(revisions_of(strategy)) == 1


# ---- revisions cannot be lost ------------------------------------------------------------------------------------


def test_a_revision_cannot_be_changed_or_deleted(strategy):
    revision = StrategyRevision.objects.get(strategy=strategy)
    revision.title = "Rewritten history"
    with pytest.raises(ImmutableRevision):
        revision.save()
    with pytest.raises(ImmutableRevision):
        revision.delete()
    with pytest.raises(ImmutableRevision):
        StrategyRevision.objects.filter(strategy=strategy).update(title="Rewritten")
    with pytest.raises(ImmutableRevision):
        StrategyRevision.objects.filter(strategy=strategy).delete()
    assert StrategyRevision.objects.get(strategy=strategy).title == "Answer every review"


def test_a_strategy_with_history_cannot_be_deleted_on_its_own(strategy):
    with pytest.raises(RestrictedError):
        strategy.delete()
    assert StrategyRevision.objects.filter(strategy=strategy).count() == 1


def test_revisions_survive_deleting_the_touchpoint_the_stage_the_persona_and_the_author(
    journey, stage, touchpoint, persona, team, edit, make_user
):
    temp = make_user("temp", first_name="Tina")
    from workspaces.services import membership_set

    membership_set(workspace=team.workspace, user=temp, role="editor")
    on_card = strategy_create(journey=journey, touchpoint=touchpoint, persona=persona, title="Card", author=temp)
    on_stage = strategy_create(journey=journey, stage=stage, title="Stage", author=temp)
    edit(on_card, body="More detail")
    touchpoint_delete(touchpoint=touchpoint)
    stage_delete(stage=journey.stages.get(pk=stage.pk))
    persona.delete()
    temp.delete()
    for strategy, count in ((on_card, 2), (on_stage, 1)):
        strategy.refresh_from_db()
        assert (strategy.stage_id, strategy.touchpoint_id) == (None, None)  # now a strategy of the whole map
        revisions = revisions_of(strategy)
        assert len(revisions) == count
        assert revisions[0].author is None and revisions[0].who == "Tina"


def test_deleting_the_whole_map_removes_its_strategies_and_revisions(journey, strategy, edit):
    edit(strategy, body="Two")
    journey_delete(journey=journey)
    assert not Strategy.objects.exists()
    assert not StrategyRevision.objects.exists()


def test_the_admin_shows_revisions_read_only(strategy, team):
    request = RequestFactory().get("/admin/")
    request.user = team.owner
    team.owner.is_staff = team.owner.is_superuser = True
    for model in (StrategyRevision, Strategy):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, strategy)
        assert not model_admin.has_delete_permission(request, strategy)
        assert model_admin.has_view_permission(request)


def test_the_admin_revision_pages_render(client, strategy, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin_user)
    revision = StrategyRevision.objects.get(strategy=strategy)
    assert client.get("/admin/journeys/strategyrevision/", follow=True).status_code == 200  # the old address
    assert client.get("/admin/strategies/strategyrevision/").status_code == 200
    page = client.get(f"/admin/journeys/strategyrevision/{revision.pk}/change/", follow=True)
    assert page.status_code == 200
    assert b'name="title"' not in page.content  # no editable fields
    assert client.post(f"/admin/strategies/strategyrevision/{revision.pk}/delete/").status_code == 403


# ---- Markdown ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert('x')</script>", ["<script", "alert("]),
        ('<img src="x" onerror="alert(1)">', ["onerror"]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:", "JaVaScRiPt"]),
        ('<div hx-get="/maps/1/delete/" hx-trigger="load">x</div>', ["hx-get", "hx-trigger"]),
        ('<a href="/x" hx-post="/evil" onclick="go()">x</a>', ["hx-post", "onclick"]),
        ('<button hx-delete="/x">x</button>', ["<button", "hx-delete"]),
        ("<style>body{display:none}</style>", ["<style"]),
        ('<iframe src="https://example.com"></iframe>', ["<iframe"]),
        ('<form action="/x"><input name="a"></form>', ["<form", "<input"]),
        ('<p style="position:fixed">x</p>', ["style="]),
    ],
)
def test_markdown_comes_out_inert(source, forbidden):
    html = render_markdown(f"Intro\n\n{source}\n\nOutro")
    for fragment in forbidden:
        assert fragment.lower() not in html.lower()
    assert "Intro" in html and "Outro" in html


def test_markdown_keeps_formatting_and_safe_links():
    html = render_markdown("# Plan\n\n**Bold** and *soft*\n\n- one\n- two\n\n[site](https://example.com)")
    assert "<h1>Plan</h1>" in html
    assert "<strong>Bold</strong>" in html and "<em>soft</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow"' in html


# ---- the word diff -----------------------------------------------------------------------------------------------


def test_the_diff_marks_exactly_the_changed_words():
    assert word_diff("The quick brown fox", "The quick red fox") == "The quick <del>brown</del><ins>red</ins> fox"


def test_the_diff_marks_additions_and_removals_in_any_script():
    assert word_diff("Send a survey", "Send a short survey") == "Send a <ins>short </ins>survey"
    assert word_diff("Отправить опрос сразу", "Отправить опрос") == "Отправить опрос<del> сразу</del>"
    assert word_diff("고객 여정 지도", "고객 경험 지도") == "고객 <del>여정</del><ins>경험</ins> 지도"


def test_the_diff_of_identical_texts_marks_nothing_and_escapes_everything():
    assert word_diff("a <b> & c", "a <b> & c") == "a &lt;b&gt; &amp; c"
    assert word_diff("x", "x <script>") == "x<ins> &lt;script&gt;</ins>"


def _words(seed: int, count: int) -> str:
    """`count` words from a small vocabulary (so they repeat, the diff's worst case), 12 to a line."""
    vocabulary = ["offer", "e-mail", "store", "price", "delivery", "клиент", "opinia", "고객", "the", "a"]
    words = [vocabulary[(seed * 7 + index * (seed + 3)) % len(vocabulary)] for index in range(count)]
    return "\n".join(" ".join(words[start : start + 12]) for start in range(0, count, 12))


def _unmarked(html: str) -> tuple[str, str]:
    """The text before and after, read back from the diff's HTML."""
    before = re.sub(r"<ins>.*?</ins>", "", html, flags=re.S)
    after = re.sub(r"<del>.*?</del>", "", html, flags=re.S)
    return [unescape(re.sub(r"</?(ins|del)>", "", text)) for text in (before, after)]


def test_the_diff_of_two_100000_word_texts_stays_within_its_budget(monkeypatch):
    compared = []

    class CountingMatcher(difflib.SequenceMatcher):
        def __init__(self, isjunk, a, b, autojunk=True):
            compared.append(len(a) * len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", CountingMatcher)
    before, after = _words(1, 100_000), _words(2, 100_000)
    diff = text_diff(before, after)
    assert not diff.by_word  # too large: shown whole
    assert sum(compared) <= LINE_BUDGET + WORD_BUDGET
    assert _unmarked(diff.html) == [before, after]  # nothing lost either way
    one_line = text_diff(before.replace("\n", " "), after.replace("\n", " "))
    assert _unmarked(one_line.html) == [before.replace("\n", " "), after.replace("\n", " ")]


def test_a_long_text_with_one_changed_line_is_still_compared_word_by_word():
    before = _words(1, 100_000)
    lines = before.split("\n")
    first, rest = lines[4000].split(" ", 1)
    lines[4000] = f"shop {rest}"
    diff = text_diff(before, "\n".join(lines))
    assert diff.by_word
    assert diff.html.count("<del>") == 1 and f"<del>{first}</del><ins>shop</ins>" in diff.html


def test_the_compare_page_says_when_it_shows_changed_paragraphs_whole(team, strategy, client_for):
    # 3,000 words with a line break every 12 words: 250 lines each side, all different.
    strategy_update(strategy=strategy, author=team.editor, body=_words(1, 6000).replace("\n", " ", 250))
    strategy_update(strategy=strategy, author=team.editor, body=_words(2, 6000))
    numbers = list(strategy.revisions.order_by("number").values_list("number", flat=True))
    url = reverse("strategies:strategy_compare", args=[strategy.pk]) + f"?a={numbers[-2]}&b={numbers[-1]}"
    html = client_for(team.viewer).get(url).content.decode()
    assert "Too large to compare word by word" in html
