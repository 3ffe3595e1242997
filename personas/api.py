"""REST API for personas: /api/v1/personas/."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from channels.models import Channel
from core.api import (
    FilterSet,
    create_responses,
    delete_responses,
    id_filter,
    list_responses,
    read_responses,
    update_responses,
    version_field,
)
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped
from workspaces.models import Workspace

from .models import Persona
from .services import PERSONA_FIELDS, persona_create, persona_delete, persona_update


class PersonaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Persona
        fields = ["id", "workspace", *PERSONA_FIELDS, "preferred_channels"]
        fields += ["created_by", "created_at", "updated_at", "version"]
        read_only_fields = fields


class PersonaUpdateSerializer(serializers.ModelSerializer):
    preferred_channels = scoped(Channel, many=True, required=False)
    version = version_field()

    class Meta:
        model = Persona
        fields = [*PERSONA_FIELDS, "preferred_channels", "version"]


class PersonaCreateSerializer(PersonaUpdateSerializer):
    workspace = scoped(Workspace, workspace_field="pk")

    class Meta(PersonaUpdateSerializer.Meta):
        fields = ["workspace", *PERSONA_FIELDS, "preferred_channels"]


class PersonaFilters(FilterSet):
    workspace = id_filter("Only personas of this workspace.")
    journey = id_filter("Only personas featured on this journey map.")
    lookups = {"workspace": "workspace_id", "journey": "journeys"}


@extend_schema(tags=["personas"])
@extend_schema_view(
    list=extend_schema(parameters=[PersonaFilters], responses=list_responses(PersonaSerializer)),
    retrieve=extend_schema(responses=read_responses(PersonaSerializer)),
    create=extend_schema(request=PersonaCreateSerializer, responses=create_responses(PersonaSerializer)),
    partial_update=extend_schema(request=PersonaUpdateSerializer, responses=update_responses(PersonaSerializer)),
    destroy=extend_schema(responses=delete_responses()),
)
class PersonaViewSet(MemberViewSet):
    """Characters that stand for one kind of customer, in your workspaces."""

    serializer_class = PersonaSerializer
    filterset_class = PersonaFilters

    def get_queryset(self):
        queryset = Persona.objects.prefetch_related("preferred_channels")
        return with_user_role(queryset, self.request.user)

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(PersonaCreateSerializer))
        require_edit_role(data["workspace"])
        persona = persona_create(created_by=request.user, **data)
        return self.render(persona, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        persona = self.get_object()
        data = dict(self.validated(PersonaUpdateSerializer, partial=True))
        persona = persona_update(persona=persona, expected_version=data.pop("version", None), **data)
        return self.render(persona)

    def destroy(self, request, *args, **kwargs):
        persona_delete(persona=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
