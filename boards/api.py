"""REST API for journey maps, each read with its board (/api/v1/journeys/), and for the board's
lanes with their texts per stage (/api/v1/lanes/). Stages are journeys/api.py."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    NOT_AUTHENTICATED,
    NOT_FOUND,
    VALIDATION_ERROR,
    FilterSet,
    conflict,
    create_responses,
    delete_responses,
    id_filter,
    list_responses,
    read_responses,
    update_responses,
    version_field,
)
from core.versioning import VersionConflict
from journeys.api import (
    POSITION_LIMITS,
    JourneyCreateSerializer,
    JourneyFilters,
    JourneySerializer,
    JourneyUpdateSerializer,
    StageSerializer,
)
from journeys.models import CardSplit, Journey, Lane, LaneCell, LaneKind, RollupField, Stage
from journeys.services import (
    journey_create,
    journey_delete,
    journey_update,
    lane_cell_set,
    lane_create,
    lane_delete,
    lane_update,
)
from touchpoints.api import TouchpointSerializer
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped

from .extensions import board_extensions

# ---------------------------------------------------------------------------
# Lanes
# ---------------------------------------------------------------------------


class LaneCellSerializer(serializers.ModelSerializer):
    # A cell nobody has written yet (version 0) has no time or author.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = LaneCell
        fields = ["stage", "body", "version", "updated_at", "updated_by"]
        read_only_fields = fields


class LaneSerializer(serializers.ModelSerializer):
    rollup_field = serializers.ChoiceField(
        choices=RollupField.choices,
        allow_blank=True,
        read_only=True,
        help_text="Roll-up lanes: the card field gathered.",
    )
    name = serializers.SerializerMethodField(
        help_text="The lane's title, or (untitled) what it shows, in the language of the request."
    )
    cells = LaneCellSerializer(
        many=True,
        read_only=True,
        help_text="A text lane's texts, one per stage written so far (a stage without one reads as empty, "
        "version 0). Empty for the other kinds.",
    )

    class Meta:
        model = Lane
        fields = ["id", "journey", "kind", "title", "name", "rollup_field", "split_by", "source", "position"]
        fields += ["hidden", "version", "created_at", "updated_at", "cells"]
        read_only_fields = fields

    def get_name(self, lane) -> str:
        return board_extensions.lane_name(lane)


class LaneCreateSerializer(serializers.ModelSerializer):
    journey = scoped(Journey)
    source = serializers.ChoiceField(
        choices=[], required=False, help_text="For `kind=app`: which app's lane (see the board's lane menu)."
    )
    position = serializers.IntegerField(
        required=False,
        help_text="Where to insert the lane (0 is the top row); the bottom if left out.",
        **POSITION_LIMITS,
    )

    class Meta:
        model = Lane
        fields = ["journey", "kind", "title", "rollup_field", "split_by", "source", "position"]
        validators = []  # the map's one-of-a-kind rules are the model's constraints, checked by lane_create
        extra_kwargs = {
            "title": {"help_text": "Required for a text lane; the others are named after what they show if blank."},
            "rollup_field": {"help_text": "For `kind=rollup`: the card field the lane gathers per stage."},
            "split_by": {"help_text": "For `kind=cards`: one row, a row per channel or a row per persona."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [lane.key for lane in board_extensions.lanes()]

    def validate(self, attrs):
        kind = attrs["kind"]
        if kind == LaneKind.ROLLUP and not attrs.get("rollup_field"):
            raise serializers.ValidationError({"rollup_field": _("Choose the card field a roll-up lane gathers.")})
        if kind != LaneKind.ROLLUP and attrs.get("rollup_field"):
            raise serializers.ValidationError({"rollup_field": _("Only roll-up lanes gather a card field.")})
        if kind == LaneKind.APP and not attrs.get("source"):
            raise serializers.ValidationError({"source": _("Choose which app's lane to show.")})
        if kind != LaneKind.APP and attrs.get("source"):
            raise serializers.ValidationError({"source": _("Only app lanes have a source.")})
        return attrs


class LaneUpdateSerializer(serializers.ModelSerializer):
    split_by = serializers.ChoiceField(
        choices=CardSplit.choices, required=False, help_text="Touchpoints lane only: how its cards split into rows."
    )
    position = serializers.IntegerField(
        required=False, help_text="Move the lane to this row (0 is the top).", **POSITION_LIMITS
    )
    version = version_field()

    class Meta:
        model = Lane
        fields = ["title", "split_by", "hidden", "position", "version"]


class LaneCellUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=4000, allow_blank=True, trim_whitespace=False, help_text="Markdown; empty clears the cell."
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The version you edited (0 for a cell nobody has written); if it is no longer the stored "
        "one the answer is 409.",
    )


class LaneFilters(FilterSet):
    workspace = id_filter("Only lanes of maps in this workspace.")
    journey = id_filter("Only lanes of this journey map.")
    lookups = {"workspace": "journey__workspace_id", "journey": "journey_id"}


def _lane_kinds_help() -> str:
    rollups = ", ".join(f"`{field.value}`" for field in RollupField)
    return (
        "The rows of a map, top to bottom: `cards` (the touchpoints; one per map), `text` (a text per stage: "
        f"actions, thoughts, backstage…), `rollup` (one card field gathered per stage: {rollups}), `curve` "
        "(the emotion curve; one per map) and `app` (a lane another part of the app draws, such as `strategies`)."
    )


@extend_schema(tags=["lanes"])
@extend_schema_view(
    list=extend_schema(parameters=[LaneFilters], responses=list_responses(LaneSerializer)),
    retrieve=extend_schema(responses=read_responses(LaneSerializer)),
    create=extend_schema(
        description="Adds a row to the map. " + _lane_kinds_help(),
        request=LaneCreateSerializer,
        responses=create_responses(LaneSerializer),
    ),
    partial_update=extend_schema(
        description="Rename, split, hide or show a lane, and move it with `position`; all or nothing.",
        request=LaneUpdateSerializer,
        responses=update_responses(LaneSerializer),
    ),
    destroy=extend_schema(
        description="Moves the row to the workspace's trash (/trash/); a text lane's texts go with it. Cards stay "
        "on the map (they belong to their stages).",
        responses=delete_responses(),
    ),
)
class LaneViewSet(MemberViewSet):
    """The rows of a map across its stages: the touchpoints, texts per stage, card fields gathered per
    stage, the emotion curve, and lanes other parts of the app draw."""

    serializer_class = LaneSerializer
    filterset_class = LaneFilters

    def get_queryset(self):
        cells = LaneCell.objects.order_by("stage__position", "stage_id")
        queryset = Lane.objects.order_by("journey_id", "position", "id").prefetch_related(
            Prefetch("cells", queryset=cells)
        )
        return with_user_role(queryset, self.request.user, "journey__workspace")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(LaneCreateSerializer))
        require_edit_role(data["journey"])
        lane = lane_create(**data)
        return self.render(lane, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        lane = self.get_object()
        data = dict(self.validated(LaneUpdateSerializer, partial=True))
        version = data.pop("version", None)
        lane = lane_update(lane=lane, expected_version=version, **data)
        return self.render(lane)

    def destroy(self, request, *args, **kwargs):
        lane = self.get_object()
        lane_delete(lane=lane, actor=request.user, name=board_extensions.lane_name(lane))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Write a text lane's text for one stage",
        description="Sets the cell of stage `stage_id` (a stage of the lane's map) to `body`. Only text lanes "
        "have cells.",
        request=LaneCellUpdateSerializer,
        responses={
            200: LaneCellSerializer,
            400: VALIDATION_ERROR,
            401: NOT_AUTHENTICATED,
            403: OpenApiResponse(description="Viewers may not change the workspace's content."),
            404: NOT_FOUND,
            409: conflict(LaneCellSerializer),
        },
    )
    @action(detail=True, methods=["patch"], url_path="cells/<int:stage_id>")
    def cell(self, request, pk=None, stage_id=None):
        lane = self.get_object()
        stage = Stage.objects.filter(pk=stage_id, journey_id=lane.journey_id).first()
        if stage is None:
            raise exceptions.NotFound()
        data = self.validated(LaneCellUpdateSerializer)
        try:
            cell = lane_cell_set(
                lane=lane, stage=stage, body=data["body"], expected_version=data.get("version"), actor=request.user
            )
        except VersionConflict as conflict_error:
            return Response(LaneCellSerializer(conflict_error.current).data, status=status.HTTP_409_CONFLICT)
        return Response(LaneCellSerializer(cell).data)


class StageWithTouchpointsSerializer(StageSerializer):
    touchpoints = TouchpointSerializer(many=True, read_only=True)

    class Meta(StageSerializer.Meta):
        fields = [*StageSerializer.Meta.fields, "touchpoints"]
        read_only_fields = fields


class JourneyDetailSerializer(JourneySerializer):
    stages = StageWithTouchpointsSerializer(
        many=True, read_only=True, help_text="The map's stages in order, each with its touchpoints in order."
    )
    lanes = LaneSerializer(many=True, read_only=True, help_text="The map's lanes (rows), top to bottom.")

    class Meta(JourneySerializer.Meta):
        fields = [*JourneySerializer.Meta.fields, "stages", "lanes"]
        read_only_fields = fields


def board_prefetch() -> Prefetch:
    """A map's stages in order, each with its cards in order and their personas: three queries."""
    touchpoints = Touchpoint.objects.order_by("position", "id").prefetch_related("personas")
    stages = Stage.objects.order_by("position", "id").prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
    return Prefetch("stages", queryset=stages)


def lanes_prefetch() -> Prefetch:
    """A map's lanes in order, each with its texts per stage: two queries."""
    cells = LaneCell.objects.order_by("stage__position", "stage_id")
    lanes = Lane.objects.order_by("position", "id").prefetch_related(Prefetch("cells", queryset=cells))
    return Prefetch("lanes", queryset=lanes)


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
    destroy=extend_schema(
        description="Moves the map, with everything on it, to its workspace's trash (/trash/), where it can be "
        "restored for 30 days.",
        responses=delete_responses(),
    ),
)
class JourneyViewSet(MemberViewSet):
    """Customer-journey maps: ordered stages, their touchpoints, the personas they follow."""

    filterset_class = JourneyFilters

    def get_serializer_class(self):
        return JourneySerializer if self.action == "list" else JourneyDetailSerializer

    def get_queryset(self):
        queryset = Journey.objects.prefetch_related("personas")
        if self.action != "list":
            queryset = queryset.prefetch_related(board_prefetch(), lanes_prefetch())
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
        journey_delete(journey=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
