"""REST API for opportunities (/api/v1/opportunities/)."""

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
from evidence.models import Evidence
from journeys.models import Journey, Stage
from strategies.models import Strategy
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped, teammate_field

from .models import Opportunity, OpportunityStatus
from .services import OPPORTUNITY_FIELDS, opportunity_create, opportunity_delete, opportunity_update


class OpportunitySerializer(serializers.ModelSerializer):
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, help_text="impact x confidence / 100 / effort"
    )

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "journey",
            *OPPORTUNITY_FIELDS,
            "score",
            "touchpoints",
            "stages",
            "evidence",
            "created_by",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class OpportunityUpdateSerializer(serializers.ModelSerializer):
    touchpoints = scoped(Touchpoint, workspace_field="stage__journey__workspace", many=True, required=False)
    stages = scoped(Stage, workspace_field="journey__workspace", many=True, required=False)
    evidence = scoped(Evidence, workspace_field="journey__workspace", many=True, required=False)
    strategy = scoped(Strategy, workspace_field="journey__workspace", required=False, allow_null=True)
    owner = teammate_field(required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = Opportunity
        fields = [*OPPORTUNITY_FIELDS, "touchpoints", "stages", "evidence", "version"]


class OpportunityCreateSerializer(OpportunityUpdateSerializer):
    journey = scoped(Journey)

    class Meta(OpportunityUpdateSerializer.Meta):
        fields = ["journey", *OPPORTUNITY_FIELDS, "touchpoints", "stages", "evidence"]


class OpportunityFilters(FilterSet):
    journey = id_filter("Only opportunities of this map.")
    touchpoint = id_filter("Only opportunities that name this touchpoint.")
    status = serializers.ChoiceField(choices=OpportunityStatus.choices, required=False)
    lookups = {"journey": "journey_id", "touchpoint": "touchpoints", "status": "status"}


@extend_schema(tags=["opportunities"])
@extend_schema_view(
    list=extend_schema(
        description="Best score first.",
        parameters=[OpportunityFilters],
        responses=list_responses(OpportunitySerializer),
    ),
    retrieve=extend_schema(responses=read_responses(OpportunitySerializer)),
    create=extend_schema(request=OpportunityCreateSerializer, responses=create_responses(OpportunitySerializer)),
    partial_update=extend_schema(
        request=OpportunityUpdateSerializer, responses=update_responses(OpportunitySerializer)
    ),
    destroy=extend_schema(responses=delete_responses()),
)
class OpportunityViewSet(MemberViewSet):
    """What the team could improve: the touchpoints, stages, pain points and evidence it answers, impact
    and effort (1-5), confidence, reach, status, owner, target date and the strategy that carries it out.
    Score = impact x confidence / effort."""

    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilters

    def get_queryset(self):
        return with_user_role(
            Opportunity.objects.prefetch_related("touchpoints", "stages", "evidence"),
            self.request.user,
            "journey__workspace",
        )

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        data = self.validated(OpportunityCreateSerializer)
        journey = data.pop("journey")
        require_edit_role(journey)
        links = {name: data.pop(name, []) for name in ("touchpoints", "stages", "evidence")}
        item = opportunity_create(journey=journey, created_by=request.user, **links, **data)
        return self.render(item, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = self.validated(OpportunityUpdateSerializer, partial=True)
        version = data.pop("version", None)
        links = {name: data.pop(name, None) for name in ("touchpoints", "stages", "evidence")}
        return self.render(
            opportunity_update(opportunity=item, expected_version=version, actor=request.user, **links, **data)
        )

    def destroy(self, request, *args, **kwargs):
        opportunity_delete(opportunity=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
