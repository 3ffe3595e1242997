from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import reject_unknown_fields, versioned_update

from .models import Persona

PERSONA_FIELDS = (
    "name",
    "color",
    "occupation",
    "age_range",
    "segment",
    "story",
    "characteristics",
    "goals",
    "frustrations",
    "needs",
    "quote",
)


def _check_channels(workspace, channels) -> list:
    channels = list(channels)
    if any(channel.workspace_id != workspace.pk for channel in channels):
        raise ValidationError({"preferred_channels": _("Choose channels of this workspace.")})
    return channels


@transaction.atomic
def persona_create(*, workspace, preferred_channels=(), created_by=None, **fields) -> Persona:
    reject_unknown_fields(fields, PERSONA_FIELDS, where="persona_create")
    channels = _check_channels(workspace, preferred_channels)
    persona = Persona(workspace=workspace, created_by=created_by, **fields)
    persona.full_clean()
    persona.save()
    persona.preferred_channels.set(channels)
    return persona


@transaction.atomic
def persona_update(
    *, persona: Persona, preferred_channels=None, expected_version: int | None = None, **fields
) -> Persona:
    reject_unknown_fields(fields, PERSONA_FIELDS, where="persona_update")
    current = versioned_update(Persona.objects, persona.pk, expected_version=expected_version, fields=fields)
    if preferred_channels is not None:
        current.preferred_channels.set(_check_channels(current.workspace, preferred_channels))
    return current


@transaction.atomic
def persona_delete(*, persona: Persona) -> None:
    persona.delete()
