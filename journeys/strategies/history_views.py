"""A map's history for managers: every strategy change, the "changes since" digest, the board's activity feed."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.url_patterns import pk_url_pattern
from journeys.models import Stage
from touchpoints.models import Touchpoint

from . import selectors
from .access import get_journey_for_user
from .forms import MapHistoryFilterForm, SinceForm
from .models import ActivityAction, ActivityTarget

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def map_history(request, pk):
    journey, can_edit = get_journey_for_user(request, pk)
    form = MapHistoryFilterForm(
        request.GET if request.GET.keys() - {"page"} else None,
        stages=journey.stages.order_by("position", "id"),
        authors=selectors.possible_authors(journey),
    )
    page = _page(request, selectors.map_history(journey, **form.filters()))
    history_url, compare_url = pk_url_pattern("journeys:strategy_history"), pk_url_pattern("journeys:strategy_compare")
    for revision in page.object_list:
        revision.history_url = history_url.format(pk=revision.strategy_id)
        revision.compare_url = compare_url.format(pk=revision.strategy_id)
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "last_monday": _last_monday(),
    }
    return render(request, "journeys/strategies/map_history.html", context)


def _last_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() or 7)


@login_required
def map_changes_since(request, pk):
    journey, can_edit = get_journey_for_user(request, pk)
    form = SinceForm(request.GET if "since" in request.GET else None, initial={"since": _last_monday()})
    since = form.cleaned_data["since"] if form.is_bound and form.is_valid() else _last_monday()
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "since": since,
        "strategies": selectors.changes_since(journey, since),
    }
    return render(request, "journeys/strategies/changes_since.html", context, status=422 if form.errors else 200)


ACTIVITY_MODELS = {ActivityTarget.STAGE: Stage, ActivityTarget.TOUCHPOINT: Touchpoint}


def _field_label(target_type: str, name: str) -> str:
    if name == "position":
        return _("position")
    try:
        return str(ACTIVITY_MODELS[target_type]._meta.get_field(name).verbose_name)
    except (KeyError, FieldDoesNotExist):  # a field renamed since the entry was written
        return name


ACTIVITY_SENTENCES = {
    (ActivityAction.CREATED, ActivityTarget.STAGE): gettext_lazy("%(who)s added the stage “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.STAGE): gettext_lazy("%(who)s edited the stage “%(name)s”"),
    (ActivityAction.MOVED, ActivityTarget.STAGE): gettext_lazy("%(who)s moved the stage “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.STAGE): gettext_lazy("%(who)s deleted the stage “%(name)s”"),
    (ActivityAction.CREATED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s added the touchpoint “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s edited the touchpoint “%(name)s”"),
    (ActivityAction.MOVED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s moved the touchpoint “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s deleted the touchpoint “%(name)s”"),
}


def _sentence(entry) -> str:
    template = ACTIVITY_SENTENCES.get((entry.action, entry.target_type), gettext_lazy("%(who)s changed “%(name)s”"))
    return str(template) % {"who": entry.actor_name or _("Someone"), "name": entry.target_label}


@login_required
def map_activity(request, pk):
    journey, can_edit = get_journey_for_user(request, pk)
    page = _page(request, selectors.activity_feed(journey))
    for entry in page.object_list:
        entry.sentence = _sentence(entry)
        entry.change_rows = [
            (_field_label(entry.target_type, name), values[0], values[1]) for name, values in entry.changes.items()
        ]
    context = {"journey": journey, "can_edit": can_edit, "page": page, "query": ""}
    return render(request, "journeys/strategies/activity.html", context)
