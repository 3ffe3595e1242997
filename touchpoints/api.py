"""REST API for touchpoints, the cards of a map: /api/v1/touchpoints/."""

from django.db import transaction
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
from journeys.models import Stage
from personas.models import Persona
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped, teammate_field

from .models import Touchpoint
from .services import (
    TOUCHPOINT_FIELDS,
    touchpoint_create,
    touchpoint_delete,
    touchpoint_move,
    touchpoint_update,
)

# ---------------------------------------------------------------------------
# Touchpoints
# ---------------------------------------------------------------------------


class TouchpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Touchpoint
        fields = ["id", "stage", "channel", "personas", *TOUCHPOINT_FIELDS[1:], "position", "version"]
        fields += ["created_at", "updated_at"]
        read_only_fields = fields


class TouchpointUpdateSerializer(serializers.ModelSerializer):
    stage = scoped(
        Stage,
        workspace_field="journey__workspace",
        required=False,
        help_text="Move the card to this stage of the same map (at `position`, or at the end).",
    )
    channel = scoped(Channel, required=False)
    personas = scoped(Persona, many=True, required=False)
    owner = teammate_field(required=False, allow_null=True)
    position = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text="0 is the top of the stage."
    )
    version = version_field()

    class Meta:
        model = Touchpoint
        fields = ["stage", "personas", *TOUCHPOINT_FIELDS, "position", "version"]


class TouchpointCreateSerializer(TouchpointUpdateSerializer):
    stage = scoped(Stage, workspace_field="journey__workspace")
    channel = scoped(Channel)
    position = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text="0 is the top of the stage; the end if left out."
    )

    class Meta(TouchpointUpdateSerializer.Meta):
        fields = ["stage", "personas", *TOUCHPOINT_FIELDS, "position"]


class TouchpointFilters(FilterSet):
    workspace = id_filter("Only touchpoints of this workspace.")
    journey = id_filter("Only touchpoints of this journey map.")
    stage = id_filter("Only touchpoints of this stage.")
    channel = id_filter("Only touchpoints in this channel.")
    persona = id_filter("Only touchpoints tagged with this persona.")
    lookups = {
        "workspace": "stage__journey__workspace_id",
        "journey": "stage__journey_id",
        "stage": "stage_id",
        "channel": "channel_id",
        "persona": "personas",
    }


def touchpoints_for(user):
    queryset = Touchpoint.objects.prefetch_related("personas").order_by(
        "stage__journey_id", "stage__position", "position", "id"
    )
    return with_user_role(queryset, user, "stage__journey__workspace")


@extend_schema(tags=["touchpoints"])
@extend_schema_view(
    list=extend_schema(parameters=[TouchpointFilters], responses=list_responses(TouchpointSerializer)),
    retrieve=extend_schema(responses=read_responses(TouchpointSerializer)),
    create=extend_schema(request=TouchpointCreateSerializer, responses=create_responses(TouchpointSerializer)),
    partial_update=extend_schema(
        description="Edit a card's fields, and move it with `stage` and/or `position`; all or nothing.",
        request=TouchpointUpdateSerializer,
        responses=update_responses(TouchpointSerializer),
    ),
    destroy=extend_schema(
        description="Moves the card, with its comments and links, to the workspace's trash (/trash/); the cards "
        "after it move up.",
        responses=delete_responses(),
    ),
)
class TouchpointViewSet(MemberViewSet):
    """The cards of a map: one contact between the customer and the brand, in one stage and one channel."""

    serializer_class = TouchpointSerializer
    filterset_class = TouchpointFilters

    def get_queryset(self):
        return touchpoints_for(self.request.user)

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(TouchpointCreateSerializer))
        require_edit_role(data["stage"])
        touchpoint = touchpoint_create(actor=request.user, **data)
        return self.render(touchpoint, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        touchpoint = self.get_object()
        data = dict(self.validated(TouchpointUpdateSerializer, partial=True))
        version = data.pop("version", None)
        stage = data.pop("stage", None)
        position = data.pop("position", None)
        moves = position is not None or (stage is not None and stage.pk != touchpoint.stage_id)
        with transaction.atomic():
            if moves:
                # The move locks the map first and checks the version before it writes.
                touchpoint = touchpoint_move(
                    touchpoint=touchpoint,
                    stage=stage or touchpoint.stage,
                    position=position,
                    expected_version=version,
                    actor=request.user,
                )
                version = None
            if data or (version is not None and not moves):
                touchpoint = touchpoint_update(
                    touchpoint=touchpoint, expected_version=version, actor=request.user, **data
                )
        return self.render(touchpoint)

    def destroy(self, request, *args, **kwargs):
        touchpoint_delete(touchpoint=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
