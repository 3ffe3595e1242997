"""Strategy panels (opened in place on the board with htmx), forms, a strategy's history, compare, restore.

Every view works without JavaScript too: htmx requests get the partial, others the full page.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget, trigger_client_event

from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys.access import get_journey_for_user, get_stage_for_user
from journeys.models import Journey, Stage
from touchpoints.access import get_touchpoint_for_user

from . import services
from .access import get_rw_strategy_for_user, get_strategy_for_user
from .forms import CompareForm, RestoreForm, RetireForm, ReviewForm, StrategyForm
from .models import StrategyRevision, StrategyStatus
from .selectors import revision_diff, strategies_for_scope, strategy_revisions


@dataclass
class Scope:
    """What a panel lists: the whole map, one stage or one touchpoint."""

    journey: Journey
    can_edit: bool
    stage: Stage | None = None
    touchpoint: object = None

    @property
    def key(self) -> str:
        if self.touchpoint is not None:
            return f"touchpoint-{self.touchpoint.pk}"
        if self.stage is not None:
            return f"stage-{self.stage.pk}"
        return f"map-{self.journey.pk}"

    @property
    def label(self) -> str:
        if self.touchpoint is not None:
            return _("Strategies for the touchpoint “%(name)s”") % {"name": self.touchpoint.title}
        if self.stage is not None:
            return _("Strategies for the stage “%(name)s”") % {"name": self.stage.name}
        return _("Strategies for the whole map")

    def _url(self, suffix: str) -> str:
        if self.touchpoint is not None:
            return reverse(f"strategies:touchpoint_strategies{suffix}", args=[self.touchpoint.pk])
        if self.stage is not None:
            return reverse(f"strategies:stage_strategies{suffix}", args=[self.stage.pk])
        return reverse(f"strategies:map_strategies{suffix}", args=[self.journey.pk])

    @property
    def panel_url(self) -> str:
        return self._url("")

    @property
    def create_url(self) -> str:
        return self._url("_new")


def _scope_for(request, *, journey_pk=None, stage_pk=None, touchpoint_pk=None) -> Scope:
    if touchpoint_pk is not None:
        touchpoint, can_edit = get_touchpoint_for_user(request.user, touchpoint_pk)
        return Scope(journey=touchpoint.stage.journey, can_edit=can_edit, touchpoint=touchpoint)
    if stage_pk is not None:
        stage, can_edit = get_stage_for_user(request.user, stage_pk)
        return Scope(journey=stage.journey, can_edit=can_edit, stage=stage)
    journey, can_edit = get_journey_for_user(request.user, journey_pk)
    return Scope(journey=journey, can_edit=can_edit)


def _scope_of(strategy, can_edit: bool) -> Scope:
    return Scope(journey=strategy.journey, can_edit=can_edit, stage=strategy.stage, touchpoint=strategy.touchpoint)


def _panel_context(scope: Scope, *, changed: bool = False) -> dict:
    strategies = strategies_for_scope(journey=scope.journey, stage=scope.stage, touchpoint=scope.touchpoint)
    return {
        "scope": scope,
        "journey": scope.journey,
        "can_edit": scope.can_edit,
        "strategies": strategies,
        "current_count": sum(1 for strategy in strategies if strategy.status != StrategyStatus.RETIRED),
        # After a change the board's count badge is refreshed out of band.
        "update_count": changed,
    }


def _render_panel(request, scope: Scope, *, changed: bool = False, status: int = 200):
    context = _panel_context(scope, changed=changed and request.htmx)
    template = "strategies/_panel.html" if request.htmx else "strategies/panel_page.html"
    return render(request, template, context, status=status)


def _after_change(request, scope: Scope):
    if request.htmx:
        response = _render_panel(request, scope, changed=True)
        stage_id = scope.stage.pk if scope.stage else (scope.touchpoint.stage_id if scope.touchpoint else None)
        # The map shows counts and titles of strategies: what this one changed is read again.
        if stage_id:
            return trigger_client_event(response, "board-stale", {"stages": [stage_id]})
        return response
    return redirect(scope.panel_url)


def _form_response(request, template_context: dict, *, status: int = 200, form_id: str | None = None):
    template = "strategies/_form.html" if request.htmx else "strategies/form_page.html"
    response = render(request, template, template_context, status=status)
    if request.htmx and status >= 400 and form_id:
        # The form posts with the panel as target; errors replace just the form.
        response = reswap(retarget(response, f"#{form_id}"), "outerHTML")
    return response


@login_required
@require_safe
def map_strategies(request, pk):
    return _render_panel(request, _scope_for(request, journey_pk=pk))


@login_required
@require_safe
def stage_strategies(request, pk):
    return _render_panel(request, _scope_for(request, stage_pk=pk))


@login_required
@require_safe
def touchpoint_strategies(request, pk):
    return _render_panel(request, _scope_for(request, touchpoint_pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def strategy_create(request, pk=None, stage_pk=None, touchpoint_pk=None):
    scope = _scope_for(request, journey_pk=pk, stage_pk=stage_pk, touchpoint_pk=touchpoint_pk)
    if not scope.can_edit:
        raise PermissionDenied
    form = StrategyForm(request.POST or None, journey=scope.journey, initial={"owner": request.user.pk})
    form_id = f"strategy-form-new-{scope.key}"
    context = {
        "form": form,
        "scope": scope,
        "journey": scope.journey,
        "form_id": form_id,
        "action": scope.create_url,
        "strategy": None,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.strategy_create(
                journey=scope.journey,
                stage=scope.stage,
                touchpoint=scope.touchpoint,
                title=data["title"],
                body=data["body"],
                status=data["status"],
                persona=data["persona"],
                owner=data["owner"],
                change_note=data["change_note"],
                author=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_change(request, scope)
    status = 422 if request.method == "POST" else 200
    return _form_response(request, context, status=status, form_id=form_id)


@login_required
@require_safe
def strategy_detail(request, pk):
    strategy, can_edit = get_strategy_for_user(request.user, pk)
    context = {
        "strategy": strategy,
        "journey": strategy.journey,
        "can_edit": can_edit,
        "scope": _scope_of(strategy, can_edit),
    }
    if request.htmx:
        return render(request, "strategies/_strategy.html", context)
    return render(request, "strategies/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request, pk):
    strategy = get_rw_strategy_for_user(request.user, pk)
    scope = _scope_of(strategy, True)
    form = StrategyForm(request.POST or None, instance=strategy, journey=strategy.journey)
    form_id = f"strategy-form-{strategy.pk}"
    context = {
        "form": form,
        "scope": scope,
        "journey": strategy.journey,
        "form_id": form_id,
        "strategy": strategy,
        "action": reverse("strategies:strategy_edit", args=[strategy.pk]),
    }
    status = 200
    if request.method == "POST":
        status = 422
        # The ModelForm has already copied the input onto `strategy`: the service re-reads the row.
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.strategy_update(
                    strategy=strategy,
                    author=request.user,
                    change_note=data["change_note"],
                    expected_version=data["version"],
                    **{name: data[name] for name in services.STRATEGY_FIELDS},
                )
            except VersionConflict as conflict:
                show_conflict(form, conflict)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, scope)
    return _form_response(request, context, status=status, form_id=form_id)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_retire(request, pk):
    strategy = get_rw_strategy_for_user(request.user, pk)
    scope = _scope_of(strategy, True)
    form = RetireForm(request.POST or None, initial={"version": strategy.version}, auto_id=f"retire-{pk}-%s")
    form_id = f"strategy-retire-{strategy.pk}"
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.strategy_retire(
                    strategy=strategy,
                    author=request.user,
                    change_note=form.cleaned_data["change_note"],
                    expected_version=form.cleaned_data["version"],
                )
            except VersionConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, scope)
    context = {"form": form, "strategy": strategy, "scope": scope, "journey": strategy.journey, "form_id": form_id}
    template = "strategies/_retire_form.html" if request.htmx else "strategies/retire_page.html"
    response = render(request, template, context, status=status)
    if request.htmx and status >= 400:
        response = reswap(retarget(response, f"#{form_id}"), "outerHTML")
    return response


@login_required
@require_POST
def strategy_review(request, pk):
    strategy = get_rw_strategy_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["change_note"] if form.is_valid() else ""
    services.strategy_review(strategy=strategy, author=request.user, change_note=note)
    if not request.htmx:
        messages.success(request, _("“%(title)s” is marked as reviewed today.") % {"title": strategy.title})
    return _after_change(request, _scope_of(strategy, True))


@login_required
@require_safe
def strategy_history(request, pk):
    strategy, can_edit = get_strategy_for_user(request.user, pk)
    revisions = list(strategy_revisions(strategy))
    context = {
        "strategy": strategy,
        "journey": strategy.journey,
        "can_edit": can_edit,
        "revisions": revisions,
        "scope": _scope_of(strategy, can_edit),
        "default_a": revisions[1].number if len(revisions) > 1 else None,
        "default_b": revisions[0].number if revisions else None,
    }
    return render(request, "strategies/history.html", context)


@login_required
@require_safe
def strategy_compare(request, pk):
    strategy, can_edit = get_strategy_for_user(request.user, pk)
    form = CompareForm(request.GET)
    context = {"strategy": strategy, "journey": strategy.journey, "can_edit": can_edit, "form": form}
    if not form.is_valid():
        return render(request, "strategies/compare.html", context, status=422)
    numbers = sorted({form.cleaned_data["a"], form.cleaned_data["b"]})
    found = {
        rev.number: rev
        for rev in StrategyRevision.objects.filter(strategy=strategy, number__in=numbers).select_related("author")
    }
    if len(found) != len(numbers):
        raise Http404
    older, newer = found[numbers[0]], found[numbers[-1]]
    context.update({"older": older, "newer": newer, "diff": revision_diff(older, newer), "same": older == newer})
    return render(request, "strategies/compare.html", context)


@login_required
@require_POST
def strategy_restore(request, pk):
    strategy = get_rw_strategy_for_user(request.user, pk)
    form = RestoreForm(request.POST)
    history_url = reverse("strategies:strategy_history", args=[strategy.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a revision to restore."))
        return redirect(history_url)
    try:
        restored = services.strategy_restore(
            strategy=strategy,
            number=form.cleaned_data["number"],
            author=request.user,
            change_note=form.cleaned_data["change_note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Revision #%(old)s is restored as revision #%(new)s.")
            % {"old": form.cleaned_data["number"], "new": restored.version},
        )
    return redirect(history_url)
