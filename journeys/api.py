"""REST API for stages (/api/v1/stages/), and what the maps' API is made of (boards/api.py serves
/api/v1/journeys/, each map with its board)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

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
from personas.models import Persona
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped
from workspaces.models import Workspace

from .models import Journey, Stage
from .services import (
    JOURNEY_FIELDS,
    STAGE_FIELDS,
    journey_lock,
    stage_create,
    stage_delete,
    stage_move,
    stage_update,
)
from .stage_templates import DEFAULT_TEMPLATE, TEMPLATES

POSITION_LIMITS = {"min_value": 0, "max_value": 2**31 - 1}

# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "journey", *STAGE_FIELDS, "position", "version", "created_at", "updated_at"]
        read_only_fields = fields


class StageUpdateSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(
        required=False, help_text="Move the stage to this place in its map (0 is the first column).", **POSITION_LIMITS
    )
    version = version_field()

    class Meta:
        model = Stage
        fields = [*STAGE_FIELDS, "position", "version"]


class StageCreateSerializer(serializers.ModelSerializer):
    journey = scoped(Journey)
    position = serializers.IntegerField(
        required=False,
        help_text="Where to insert the stage (0 is the first column); the end if left out.",
        **POSITION_LIMITS,
    )

    class Meta:
        model = Stage
        fields = ["journey", *STAGE_FIELDS, "position"]


class StageFilters(FilterSet):
    workspace = id_filter("Only stages of maps in this workspace.")
    journey = id_filter("Only stages of this journey map.")
    lookups = {"workspace": "journey__workspace_id", "journey": "journey_id"}


@extend_schema(tags=["stages"])
@extend_schema_view(
    list=extend_schema(parameters=[StageFilters], responses=list_responses(StageSerializer)),
    retrieve=extend_schema(responses=read_responses(StageSerializer)),
    create=extend_schema(request=StageCreateSerializer, responses=create_responses(StageSerializer)),
    partial_update=extend_schema(
        description="Edit a stage's fields, and move it with `position`; all or nothing.",
        request=StageUpdateSerializer,
        responses=update_responses(StageSerializer),
    ),
    destroy=extend_schema(
        description="Moves the stage with its touchpoints to the workspace's trash (/trash/); the stages after it "
        "move up.",
        responses=delete_responses(),
    ),
)
class StageViewSet(MemberViewSet):
    """The columns of a map, in order: one phase of the customer's journey each."""

    serializer_class = StageSerializer
    filterset_class = StageFilters

    def get_queryset(self):
        queryset = Stage.objects.order_by("journey_id", "position", "id")
        return with_user_role(queryset, self.request.user, "journey__workspace")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(StageCreateSerializer))
        require_edit_role(data["journey"])
        stage = stage_create(actor=request.user, **data)
        return self.render(stage, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        stage = self.get_object()
        data = dict(self.validated(StageUpdateSerializer, partial=True))
        version = data.pop("version", None)
        position = data.pop("position", None)
        with transaction.atomic():
            if position is not None:
                # Lock the map before the stage, in the order stage_move takes them.
                journey_lock(stage.journey_id)
            if data or version is not None:
                stage = stage_update(stage=stage, expected_version=version, actor=request.user, **data)
            if position is not None:
                stage = stage_move(stage=stage, position=position, actor=request.user)
        return self.render(stage)

    def destroy(self, request, *args, **kwargs):
        stage_delete(stage=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------
# Journeys
# ---------------------------------------------------------------------------


class JourneySerializer(serializers.ModelSerializer):
    class Meta:
        model = Journey
        fields = ["id", "workspace", *JOURNEY_FIELDS, "future_of", "personas", "template", "created_by", "created_at"]
        fields += ["updated_at", "version"]
        read_only_fields = fields


class JourneyUpdateSerializer(serializers.ModelSerializer):
    personas = scoped(Persona, many=True, required=False)
    version = version_field()

    class Meta:
        model = Journey
        fields = [*JOURNEY_FIELDS, "personas", "version"]


class JourneyCreateSerializer(serializers.ModelSerializer):
    workspace = scoped(Workspace, workspace_field="pk")
    personas = scoped(Persona, many=True, required=False)
    template = serializers.ChoiceField(
        choices=[template.key for template in TEMPLATES],
        default=DEFAULT_TEMPLATE,
        help_text="The stage template the map starts from; `blank` starts with no stages.",
    )

    class Meta:
        model = Journey
        fields = ["workspace", "title", "description", "personas", "template"]


class JourneyFilters(FilterSet):
    workspace = id_filter("Only maps of this workspace.")
    persona = id_filter("Only maps that feature this persona.")
    lookups = {"workspace": "workspace_id", "persona": "personas"}
