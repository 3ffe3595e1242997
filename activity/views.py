"""The board's activity feed: every stage and touchpoint created, edited, moved, deleted or restored, and every
reading, evidence item and opportunity recorded, changed or deleted, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from core.pagination import page_of
from evidence.models import Evidence
from journeys.access import get_journey_for_user
from journeys.models import Stage
from metrics.models import Reading
from opportunities.models import Opportunity
from touchpoints.models import Touchpoint

from .models import ActivityAction, ActivityTarget
from .selectors import activity_feed

ACTIVITY_MODELS = {
    ActivityTarget.STAGE: Stage,
    ActivityTarget.TOUCHPOINT: Touchpoint,
    ActivityTarget.READING: Reading,
    ActivityTarget.EVIDENCE: Evidence,
    ActivityTarget.OPPORTUNITY: Opportunity,
}


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
    (ActivityAction.RESTORED, ActivityTarget.STAGE): gettext_lazy(
        "%(who)s restored the stage “%(name)s” from the trash"
    ),
    (ActivityAction.CREATED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s added the touchpoint “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s edited the touchpoint “%(name)s”"),
    (ActivityAction.MOVED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s moved the touchpoint “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.TOUCHPOINT): gettext_lazy("%(who)s deleted the touchpoint “%(name)s”"),
    (ActivityAction.RESTORED, ActivityTarget.TOUCHPOINT): gettext_lazy(
        "%(who)s restored the touchpoint “%(name)s” from the trash"
    ),
    (ActivityAction.CREATED, ActivityTarget.READING): gettext_lazy("%(who)s recorded the reading “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.READING): gettext_lazy("%(who)s corrected the reading “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.READING): gettext_lazy("%(who)s deleted the reading “%(name)s”"),
    (ActivityAction.CREATED, ActivityTarget.EVIDENCE): gettext_lazy("%(who)s added the evidence “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.EVIDENCE): gettext_lazy("%(who)s edited the evidence “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.EVIDENCE): gettext_lazy("%(who)s deleted the evidence “%(name)s”"),
    (ActivityAction.CREATED, ActivityTarget.OPPORTUNITY): gettext_lazy("%(who)s added the opportunity “%(name)s”"),
    (ActivityAction.EDITED, ActivityTarget.OPPORTUNITY): gettext_lazy("%(who)s edited the opportunity “%(name)s”"),
    (ActivityAction.DELETED, ActivityTarget.OPPORTUNITY): gettext_lazy("%(who)s deleted the opportunity “%(name)s”"),
}


def _import_sentence(entry) -> str:
    count = entry.changes.get("count", 0)
    if entry.target_type == ActivityTarget.EVIDENCE:
        template = ngettext(
            "%(who)s imported %(count)d item of evidence from “%(name)s”",
            "%(who)s imported %(count)d items of evidence from “%(name)s”",
            count,
        )
    else:
        template = ngettext(
            "%(who)s imported %(count)d reading from “%(name)s”",
            "%(who)s imported %(count)d readings from “%(name)s”",
            count,
        )
    return template % {"who": entry.actor_name or _("Someone"), "count": count, "name": entry.target_label}


def _sentence(entry) -> str:
    if entry.action == ActivityAction.IMPORTED:
        return _import_sentence(entry)
    if entry.action == ActivityAction.RESTORED and entry.target_type == ActivityTarget.SNAPSHOT:
        return _("%(who)s restored the map as it was in the snapshot “%(name)s”") % {
            "who": entry.actor_name or _("Someone"),
            "name": entry.target_label,
        }
    template = ACTIVITY_SENTENCES.get((entry.action, entry.target_type), gettext_lazy("%(who)s changed “%(name)s”"))
    return str(template) % {"who": entry.actor_name or _("Someone"), "name": entry.target_label}


@login_required
@require_safe
def map_activity(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    page = page_of(request, activity_feed(journey))
    for entry in page.object_list:
        entry.sentence = _sentence(entry)
        entry.change_rows = [
            (_field_label(entry.target_type, name), values[0], values[1])
            for name, values in entry.changes.items()
            # (an import's or a restore's `changes` hold a count)
            if entry.action not in (ActivityAction.IMPORTED, ActivityAction.RESTORED)
        ]
    context = {"journey": journey, "can_edit": can_edit, "page": page, "query": ""}
    return render(request, "activity/map.html", context)
