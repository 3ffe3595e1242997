"""A map's strategy history for managers: every strategy change, and the "changes since" digest."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.pagination import page_of, query_without_page
from core.url_patterns import pk_url_pattern
from journeys.access import get_journey_for_user

from . import selectors
from .forms import MapHistoryFilterForm, SinceForm


@login_required
@require_safe
def map_history(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = MapHistoryFilterForm(
        request.GET if request.GET.keys() - {"page"} else None,
        stages=journey.stages.order_by("position", "id"),
        authors=selectors.possible_authors(journey),
    )
    page = page_of(request, selectors.map_history(journey, **form.filters()))
    history_url, compare_url = (
        pk_url_pattern("strategies:strategy_history"),
        pk_url_pattern("strategies:strategy_compare"),
    )
    for revision in page.object_list:
        revision.history_url = history_url.format(pk=revision.strategy_id)
        revision.compare_url = compare_url.format(pk=revision.strategy_id)
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "last_monday": _last_monday(),
    }
    return render(request, "strategies/map_history.html", context)


def _last_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() or 7)


@login_required
@require_safe
def map_changes_since(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = SinceForm(request.GET if "since" in request.GET else None, initial={"since": _last_monday()})
    since = form.cleaned_data["since"] if form.is_bound and form.is_valid() else _last_monday()
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "since": since,
        "strategies": selectors.changes_since(journey, since),
    }
    return render(request, "strategies/changes_since.html", context, status=422 if form.errors else 200)
