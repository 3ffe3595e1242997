"""Reads for personas, with the joins their pages need, so no template queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from channels.models import Channel
from workspaces.models import EDIT_ROLES, Workspace

from .models import Persona


def persona_queryset() -> QuerySet[Persona]:
    """Personas with their workspace, preferred channels and the maps featuring them."""
    # The maps are a higher app's (journeys declares the link): reached through the relation, not imported.
    Journey = Persona.journeys.field.model
    return Persona.objects.select_related("workspace").prefetch_related(
        Prefetch("preferred_channels", queryset=Channel.objects.order_by("position", "name", "id")),
        Prefetch(
            "journeys", queryset=Journey._default_manager.only("id", "title", "workspace_id").order_by("title", "id")
        ),
    )


@dataclass
class PersonaSection:
    workspace: Workspace
    can_edit: bool
    personas: list[Persona] = field(default_factory=list)


def persona_sections_for(*, workspaces) -> list[PersonaSection]:
    """The personas of `workspaces` (already limited to the user's), grouped by workspace.

    Three queries whatever the number of personas: personas with their
    workspace, their preferred channels, the maps featuring them.
    """
    sections = {
        workspace.pk: PersonaSection(workspace=workspace, can_edit=workspace.user_role in EDIT_ROLES)
        for workspace in workspaces
    }
    personas = persona_queryset().filter(workspace_id__in=list(sections))
    for persona in personas:
        sections[persona.workspace_id].personas.append(persona)
    return list(sections.values())
