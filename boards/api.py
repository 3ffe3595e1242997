"""REST API for journey maps, each read with its board: /api/v1/journeys/ (stages are journeys/api.py)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from core.api import create_responses, delete_responses, list_responses, read_responses, update_responses
from journeys.api import (
    JourneyCreateSerializer,
    JourneyFilters,
    JourneySerializer,
    JourneyUpdateSerializer,
    StageSerializer,
)
from journeys.models import Journey, Stage
from journeys.services import journey_create, journey_delete, journey_update
from touchpoints.api import TouchpointSerializer
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role


class StageWithTouchpointsSerializer(StageSerializer):
    touchpoints = TouchpointSerializer(many=True, read_only=True)

    class Meta(StageSerializer.Meta):
        fields = [*StageSerializer.Meta.fields, "touchpoints"]
        read_only_fields = fields


class JourneyDetailSerializer(JourneySerializer):
    stages = StageWithTouchpointsSerializer(
        many=True, read_only=True, help_text="The map's stages in order, each with its touchpoints in order."
    )

    class Meta(JourneySerializer.Meta):
        fields = [*JourneySerializer.Meta.fields, "stages"]
        read_only_fields = fields


def board_prefetch() -> Prefetch:
    """A map's stages in order, each with its cards in order and their personas: three queries."""
    touchpoints = Touchpoint.objects.order_by("position", "id").prefetch_related("personas")
    stages = Stage.objects.order_by("position", "id").prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
    return Prefetch("stages", queryset=stages)


@extend_schema(tags=["journeys"])
@extend_schema_view(
    list=extend_schema(parameters=[JourneyFilters], responses=list_responses(JourneySerializer)),
    retrieve=extend_schema(
        description="The map with its stages in order, each with its touchpoints in order.",
        responses=read_responses(JourneyDetailSerializer),
    ),
    create=extend_schema(
        description="Creates the map and the stages of its `template`.",
        request=JourneyCreateSerializer,
        responses=create_responses(JourneyDetailSerializer),
    ),
    partial_update=extend_schema(request=JourneyUpdateSerializer, responses=update_responses(JourneyDetailSerializer)),
    destroy=extend_schema(responses=delete_responses()),
)
class JourneyViewSet(MemberViewSet):
    """Customer-journey maps: ordered stages, their touchpoints, the personas they follow."""

    filterset_class = JourneyFilters

    def get_serializer_class(self):
        return JourneySerializer if self.action == "list" else JourneyDetailSerializer

    def get_queryset(self):
        queryset = Journey.objects.prefetch_related("personas")
        if self.action != "list":
            queryset = queryset.prefetch_related(board_prefetch())
        return with_user_role(queryset, self.request.user)

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(JourneyCreateSerializer))
        require_edit_role(data["workspace"])
        journey = journey_create(created_by=request.user, **data)
        return self.render(journey, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        journey = self.get_object()
        data = dict(self.validated(JourneyUpdateSerializer, partial=True))
        version = data.pop("version", None)
        if data or version is not None:
            journey = journey_update(journey=journey, expected_version=version, **data)
        return self.render(journey)

    def destroy(self, request, *args, **kwargs):
        journey_delete(journey=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
