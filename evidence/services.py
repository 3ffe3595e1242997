"""Writes for customer evidence and card confidence."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from core.changes import readable_values
from core.versioning import reject_unknown_fields, versioned_update
from journeys.signals import Change, announce_change
from live.events import publish_board_event

from .models import CardConfidence, Confidence, Evidence

MAX_EVIDENCE_PER_MAP = 50_000
# The Evidence lane quotes what is highlighted: a map keeps a readable number of them.
MAX_HIGHLIGHTED_PER_MAP = 60
EVIDENCE_FIELDS = (
    "kind",
    "text",
    "source",
    "observed_on",
    "rating",
    "rating_scale",
    "sentiment",
    "persona",
    "segment",
    "link",
    "pain_point",
    "highlighted",
)
EVIDENCE_CHANGED = "evidence.changed"


def _check_links(journey, touchpoints, stages, persona) -> None:
    if any(touchpoint.stage.journey_id != journey.pk for touchpoint in touchpoints):
        raise ValidationError({"touchpoints": _("A touchpoint is on another map.")})
    if any(stage.journey_id != journey.pk for stage in stages):
        raise ValidationError({"stages": _("A stage is on another map.")})
    if persona is not None and persona.workspace_id != journey.workspace_id:
        raise ValidationError({"persona": _("This persona belongs to another workspace.")})


def _check_highlights(journey, pk: int | None, highlighted: bool) -> None:
    if not highlighted:
        return
    others = Evidence.objects.filter(journey=journey, highlighted=True)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.count() >= MAX_HIGHLIGHTED_PER_MAP:
        raise ValidationError(
            {
                "highlighted": _("A map shows at most %(max)d highlighted quotes: take one off the map first.")
                % {"max": MAX_HIGHLIGHTED_PER_MAP}
            }
        )


def _changed(journey_id: int, stage_ids) -> None:
    publish_board_event(journey_id, kind=EVIDENCE_CHANGED, stage_ids=[pk for pk in stage_ids if pk])


def _stage_ids(evidence: Evidence) -> set[int]:
    return {*evidence.stages.values_list("pk", flat=True), *evidence.touchpoints.values_list("stage_id", flat=True)}


@transaction.atomic
def evidence_create(*, journey, touchpoints=(), stages=(), created_by=None, **fields) -> Evidence:
    reject_unknown_fields(fields, EVIDENCE_FIELDS, where="evidence_create")
    touchpoints, stages = list(touchpoints), list(stages)
    _check_links(journey, touchpoints, stages, fields.get("persona"))
    if Evidence.objects.filter(journey=journey).count() >= MAX_EVIDENCE_PER_MAP:
        raise ValidationError(_("A map keeps at most %(max)d evidence items.") % {"max": MAX_EVIDENCE_PER_MAP})
    if isinstance(fields.get("text"), str):
        fields["text"] = fields["text"].strip()
    evidence = Evidence(journey=journey, created_by=created_by, **fields)
    evidence.full_clean(exclude=["journey", "persona", "created_by"])
    _check_highlights(journey, None, evidence.highlighted)
    evidence.save()
    evidence.touchpoints.set(touchpoints)
    evidence.stages.set(stages)
    card_badges_refresh(journey=journey, touchpoint_ids=[touchpoint.pk for touchpoint in touchpoints])
    announce_change(journey_id=journey.pk, actor=created_by, action=Change.CREATED, target=evidence)
    _changed(journey.pk, {*(s.pk for s in stages), *(t.stage_id for t in touchpoints)})
    return evidence


@transaction.atomic
def evidence_update(
    *, evidence: Evidence, expected_version: int | None = None, touchpoints=None, stages=None, actor=None, **fields
) -> Evidence:
    reject_unknown_fields(fields, EVIDENCE_FIELDS, where="evidence_update")
    journey = evidence.journey
    before = _stage_ids(evidence)
    cards_before = set(evidence.touchpoints.values_list("pk", flat=True)) if touchpoints is not None else set()
    _check_links(journey, touchpoints or [], stages or [], fields.get("persona"))
    if isinstance(fields.get("text"), str):
        fields["text"] = fields["text"].strip()
    previous: dict = {}

    def on_locked(current: Evidence) -> None:
        _check_highlights(journey, current.pk, fields.get("highlighted", current.highlighted))
        previous.update(readable_values(current, fields.keys()))

    updated = versioned_update(
        Evidence.objects, evidence.pk, expected_version=expected_version, fields=fields, on_locked=on_locked
    )
    announce_change(journey_id=journey.pk, actor=actor, action=Change.EDITED, target=updated, before=previous)
    if touchpoints is not None:
        updated.touchpoints.set(touchpoints)
        card_badges_refresh(
            journey=journey, touchpoint_ids=cards_before ^ {touchpoint.pk for touchpoint in touchpoints}
        )
    if stages is not None:
        updated.stages.set(stages)
    _changed(journey.pk, before | _stage_ids(updated))
    return updated


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor=None) -> None:
    announce_change(journey_id=evidence.journey_id, actor=actor, action=Change.DELETED, target=evidence)
    stage_ids = _stage_ids(evidence)
    journey_id = evidence.journey_id
    cards = list(evidence.touchpoints.values_list("pk", flat=True))
    evidence.delete()
    card_badges_refresh(journey=journey_id, touchpoint_ids=cards)
    _changed(journey_id, stage_ids)


@transaction.atomic
def card_confidence_set(*, touchpoint, level: str) -> None:
    """Set a card's confidence by hand ("": back to what its evidence says)."""
    if level and level not in Confidence.values:
        raise ValidationError({"level": _("Choose an assumption, some evidence or validated.")})
    if level:
        CardConfidence.objects.update_or_create(touchpoint=touchpoint, defaults={"level": level})
    else:
        CardConfidence.objects.filter(touchpoint=touchpoint).delete()
    card_badges_refresh(journey=touchpoint.stage.journey_id, touchpoint_ids=[touchpoint.pk])
    publish_board_event(
        touchpoint.stage.journey_id, kind=EVIDENCE_CHANGED, stage_ids=[touchpoint.stage_id], touchpoint_id=touchpoint.pk
    )
