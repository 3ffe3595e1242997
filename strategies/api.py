"""REST API for strategies: /api/v1/strategies/ and their read-only /api/v1/strategies/{id}/revisions/.

Every write calls one service of strategies/services.py, so the rules are the board's: a
change to an active strategy needs a change note (400 on `change_note`), a stale `version` is a 409
with the current strategy, every save writes a revision. A strategy is never deleted through the
API (its history must stay): it is retired.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from core.api import (
    FilterSet,
    create_responses,
    id_filter,
    list_responses,
    read_responses,
    update_responses,
    version_field,
)
from journeys.models import Journey, Stage
from personas.models import Persona
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, TeammateField, require_edit_role, scoped, teammate_field

from .models import Strategy, StrategyRevision, StrategyStatus
from .services import strategy_create, strategy_retire, strategy_update

CHANGE_NOTE_HELP = "Why it changes; required when the strategy is active. Kept in its revision."


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = ["id", "journey", "stage", "touchpoint", "persona", "title", "body", "status", "owner"]
        fields += ["last_reviewed_on", "version", "created_at", "updated_at"]
        read_only_fields = fields


class StrategyRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyRevision
        fields = ["id", "strategy", "number", "kind", "title", "body", "status", "change_note", "restored_from"]
        fields += ["author", "author_name", "created_at"]
        read_only_fields = fields


def _owner_field(**kwargs) -> TeammateField:
    return teammate_field(allow_null=True, **kwargs)


class StrategyUpdateSerializer(serializers.ModelSerializer):
    persona = scoped(Persona, required=False, allow_null=True, help_text="A persona featured on the map, or null.")
    owner = _owner_field(required=False, help_text="A member of the map's workspace, or null.")
    change_note = serializers.CharField(required=False, allow_blank=True, help_text=CHANGE_NOTE_HELP)
    version = version_field()

    class Meta:
        model = Strategy
        fields = ["title", "body", "status", "persona", "owner", "change_note", "version"]


class StrategyCreateSerializer(serializers.ModelSerializer):
    journey = scoped(Journey)
    stage = scoped(
        Stage,
        workspace_field="journey__workspace",
        required=False,
        allow_null=True,
        help_text="A stage of the map; leave out `stage` and `touchpoint` for a strategy of the whole map.",
    )
    touchpoint = scoped(
        Touchpoint,
        workspace_field="stage__journey__workspace",
        required=False,
        allow_null=True,
        help_text="A touchpoint of the map (not together with `stage`).",
    )
    persona = scoped(Persona, required=False, allow_null=True, help_text="A persona featured on the map.")
    owner = _owner_field(required=False, help_text="A member of the map's workspace; you if left out.")
    change_note = serializers.CharField(required=False, allow_blank=True, help_text="Kept in revision #1.")

    class Meta:
        model = Strategy
        fields = ["journey", "stage", "touchpoint", "persona", "title", "body", "status", "owner", "change_note"]


class StrategyRetireSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, help_text=CHANGE_NOTE_HELP)
    version = version_field()


class StrategyFilters(FilterSet):
    workspace = id_filter("Only strategies of maps in this workspace.")
    journey = id_filter("Only strategies of this journey map.")
    stage = id_filter("Only strategies of this stage (not those of its touchpoints).")
    touchpoint = id_filter("Only strategies of this touchpoint.")
    persona = id_filter("Only strategies for this persona.")
    status = serializers.ChoiceField(choices=StrategyStatus.choices, required=False, help_text="Only this status.")
    lookups = {
        "workspace": "journey__workspace_id",
        "journey": "journey_id",
        "stage": "stage_id",
        "touchpoint": "touchpoint_id",
        "persona": "persona_id",
        "status": "status",
    }


@extend_schema(tags=["strategies"])
@extend_schema_view(
    list=extend_schema(parameters=[StrategyFilters], responses=list_responses(StrategySerializer)),
    retrieve=extend_schema(responses=read_responses(StrategySerializer)),
    create=extend_schema(
        description="Documents a new strategy of the map, a stage or a touchpoint; revision #1 records it.",
        request=StrategyCreateSerializer,
        responses=create_responses(StrategySerializer),
    ),
    partial_update=extend_schema(
        description="Edits the strategy and records a revision; an active strategy needs a `change_note`.",
        request=StrategyUpdateSerializer,
        responses=update_responses(StrategySerializer),
    ),
)
class StrategyViewSet(MemberViewSet):
    """Documented ways the team works the whole map, a stage or a touchpoint, each with its history."""

    serializer_class = StrategySerializer
    filterset_class = StrategyFilters

    def get_queryset(self):
        queryset = Strategy.objects.order_by("journey_id", "id")
        return with_user_role(queryset, self.request.user, "journey__workspace")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(StrategyCreateSerializer))
        require_edit_role(data["journey"])
        strategy = strategy_create(author=request.user, **data)
        return self.render(strategy, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        strategy = self.get_object()
        data = dict(self.validated(StrategyUpdateSerializer, partial=True))
        version = data.pop("version", None)
        change_note = data.pop("change_note", "")
        strategy = strategy_update(
            strategy=strategy, author=request.user, change_note=change_note, expected_version=version, **data
        )
        return self.render(strategy)

    @extend_schema(
        description="Retires the strategy (it leaves the guide, its history stays); an active strategy needs a "
        "`change_note`. Strategies are never deleted.",
        request=StrategyRetireSerializer,
        responses=update_responses(StrategySerializer),
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, *args, **kwargs):
        strategy = self.get_object()
        data = self.validated(StrategyRetireSerializer)
        strategy = strategy_retire(
            strategy=strategy,
            author=request.user,
            change_note=data.get("change_note", ""),
            expected_version=data.get("version"),
        )
        return self.render(strategy)

    @extend_schema(
        description="The strategy's revisions, oldest first: what each save recorded, by whom and why.",
        responses=list_responses(StrategyRevisionSerializer),
    )
    @action(detail=True, methods=["get"])
    def revisions(self, request, *args, **kwargs):
        strategy = self.get_object()
        page = self.paginate_queryset(strategy.revisions.order_by("number"))
        serializer = StrategyRevisionSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)
