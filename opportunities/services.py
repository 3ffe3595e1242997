"""Writes for opportunities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from core.changes import readable_values
from core.versioning import reject_unknown_fields, versioned_update
from journeys.signals import Change, announce_change
from live.events import publish_board_event

from .models import Opportunity

MAX_OPPORTUNITIES_PER_MAP = 500
OPPORTUNITY_FIELDS = (
    "title",
    "description",
    "pain_points",
    "impact",
    "effort",
    "confidence",
    "reach",
    "status",
    "owner",
    "target_date",
    "strategy",
)
OPPORTUNITY_CHANGED = "opportunity.changed"


def _check_links(journey, touchpoints, stages, evidence, strategy, owner) -> None:
    if any(touchpoint.stage.journey_id != journey.pk for touchpoint in touchpoints):
        raise ValidationError({"touchpoints": _("A touchpoint is on another map.")})
    if any(stage.journey_id != journey.pk for stage in stages):
        raise ValidationError({"stages": _("A stage is on another map.")})
    if any(item.journey_id != journey.pk for item in evidence):
        raise ValidationError({"evidence": _("An item of evidence is on another map.")})
    if strategy is not None and strategy.journey_id != journey.pk:
        raise ValidationError({"strategy": _("This strategy is on another map.")})
    if owner is not None and not owner.memberships.filter(workspace_id=journey.workspace_id).exists():
        raise ValidationError({"owner": _("The owner must be a member of this workspace.")})


def _stage_ids(opportunity: Opportunity) -> set[int]:
    return {
        *opportunity.stages.values_list("pk", flat=True),
        *opportunity.touchpoints.values_list("stage_id", flat=True),
    }


def _clean_text(fields: dict) -> dict:
    for name in ("title", "description", "pain_points"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    return fields


@transaction.atomic
def opportunity_create(*, journey, touchpoints=(), stages=(), evidence=(), created_by=None, **fields) -> Opportunity:
    reject_unknown_fields(fields, OPPORTUNITY_FIELDS, where="opportunity_create")
    touchpoints, stages, evidence = list(touchpoints), list(stages), list(evidence)
    _check_links(journey, touchpoints, stages, evidence, fields.get("strategy"), fields.get("owner"))
    if Opportunity.objects.filter(journey=journey).count() >= MAX_OPPORTUNITIES_PER_MAP:
        raise ValidationError(
            _("A map keeps at most %(max)d opportunities: drop or delete some first.")
            % {"max": MAX_OPPORTUNITIES_PER_MAP}
        )
    opportunity = Opportunity(journey=journey, created_by=created_by, **_clean_text(fields))
    opportunity.full_clean(exclude=["journey", "owner", "strategy", "created_by"])
    opportunity.save()
    opportunity.touchpoints.set(touchpoints)
    opportunity.stages.set(stages)
    opportunity.evidence.set(evidence)
    if touchpoints:
        card_badges_refresh(journey=journey, touchpoint_ids=[touchpoint.pk for touchpoint in touchpoints])
    announce_change(journey_id=journey.pk, actor=created_by, action=Change.CREATED, target=opportunity)
    stage_ids = {*(stage.pk for stage in stages), *(touchpoint.stage_id for touchpoint in touchpoints)}
    if stage_ids:
        publish_board_event(journey.pk, kind=OPPORTUNITY_CHANGED, stage_ids=stage_ids)
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    expected_version: int | None = None,
    touchpoints=None,
    stages=None,
    evidence=None,
    actor=None,
    **fields,
) -> Opportunity:
    reject_unknown_fields(fields, OPPORTUNITY_FIELDS, where="opportunity_update")
    journey = opportunity.journey
    _check_links(journey, touchpoints or [], stages or [], evidence or [], fields.get("strategy"), fields.get("owner"))
    before = _stage_ids(opportunity)
    cards_before = set(opportunity.touchpoints.values_list("pk", flat=True))
    previous: dict = {}
    updated = versioned_update(
        Opportunity.objects,
        opportunity.pk,
        expected_version=expected_version,
        fields=_clean_text(fields),
        on_locked=lambda current: previous.update(readable_values(current, fields.keys())),
    )
    announce_change(journey_id=journey.pk, actor=actor, action=Change.EDITED, target=updated, before=previous)
    for name, values in (("touchpoints", touchpoints), ("stages", stages), ("evidence", evidence)):
        if values is not None:
            getattr(updated, name).set(values)
    # Its cards count it while it is open: those it named and names now.
    if touchpoints is not None or "status" in fields:
        cards = cards_before | {touchpoint.pk for touchpoint in touchpoints or ()}
        if cards:
            card_badges_refresh(journey=journey, touchpoint_ids=cards)
    stage_ids = before | _stage_ids(updated)
    if stage_ids:
        publish_board_event(journey.pk, kind=OPPORTUNITY_CHANGED, stage_ids=stage_ids)
    return updated


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity, actor=None) -> None:
    announce_change(journey_id=opportunity.journey_id, actor=actor, action=Change.DELETED, target=opportunity)
    stage_ids = _stage_ids(opportunity)
    journey_id = opportunity.journey_id
    cards = list(opportunity.touchpoints.values_list("pk", flat=True))
    opportunity.delete()
    if cards:
        card_badges_refresh(journey=journey_id, touchpoint_ids=cards)
    if stage_ids:
        publish_board_event(journey_id, kind=OPPORTUNITY_CHANGED, stage_ids=stage_ids)
