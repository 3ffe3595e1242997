"""REST API for customer evidence (/api/v1/evidence/) and card confidence
(/api/v1/touchpoints/<id>/confidence/)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    FORBIDDEN,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    VALIDATION_ERROR,
    FilterSet,
    ServiceViewSet,
    create_responses,
    delete_responses,
    id_filter,
    list_responses,
    read_responses,
    update_responses,
    version_field,
)
from journeys.models import Journey, Stage
from personas.models import Persona
from touchpoints.access import get_rw_touchpoint_for_user, get_touchpoint_for_user
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped

from .models import CardConfidence, Confidence, Evidence, EvidenceKind, Sentiment, confidence_of
from .services import EVIDENCE_FIELDS, card_confidence_set, evidence_create, evidence_delete, evidence_update


class EvidenceSerializer(serializers.ModelSerializer):
    # Read-only fields lose `allow_blank`, and with it the schema's "or blank": evidence without a link has "".
    link = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Evidence
        fields = ["id", "journey", *EVIDENCE_FIELDS, "touchpoints", "stages", "created_by", "created_at", "version"]
        read_only_fields = fields


class EvidenceUpdateSerializer(serializers.ModelSerializer):
    touchpoints = scoped(Touchpoint, workspace_field="stage__journey__workspace", many=True, required=False)
    stages = scoped(Stage, workspace_field="journey__workspace", many=True, required=False)
    persona = scoped(Persona, required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = Evidence
        fields = [*EVIDENCE_FIELDS, "touchpoints", "stages", "version"]


class EvidenceCreateSerializer(EvidenceUpdateSerializer):
    journey = scoped(Journey)

    class Meta(EvidenceUpdateSerializer.Meta):
        fields = ["journey", *EVIDENCE_FIELDS, "touchpoints", "stages"]


class EvidenceFilters(FilterSet):
    journey = id_filter("Only evidence on this map.")
    touchpoint = id_filter("Only evidence attached to this touchpoint.")
    stage = id_filter("Only evidence attached to this stage itself.")
    lookups = {"journey": "journey_id", "touchpoint": "touchpoints", "stage": "stages"}
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    sentiment = serializers.ChoiceField(choices=Sentiment.choices, required=False)

    def filter(self, queryset):
        self.is_valid(raise_exception=True)
        data = dict(self.validated_data)
        for name in ("kind", "sentiment"):
            if name in data:
                queryset = queryset.filter(**{name: data.pop(name)})
        for name, value in data.items():
            queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset.distinct()


@extend_schema(tags=["evidence"])
@extend_schema_view(
    list=extend_schema(parameters=[EvidenceFilters], responses=list_responses(EvidenceSerializer)),
    retrieve=extend_schema(responses=read_responses(EvidenceSerializer)),
    create=extend_schema(
        description="The sentiment is taken from the rating when there is one.",
        request=EvidenceCreateSerializer,
        responses=create_responses(EvidenceSerializer),
    ),
    partial_update=extend_schema(request=EvidenceUpdateSerializer, responses=update_responses(EvidenceSerializer)),
    destroy=extend_schema(responses=delete_responses()),
)
class EvidenceViewSet(MemberViewSet):
    """What customers said or did (survey responses, reviews, tickets, posts, interview notes,
    analytics findings), attached to touchpoints and stages of a map."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilters

    def get_queryset(self):
        return with_user_role(
            Evidence.objects.prefetch_related("touchpoints", "stages"), self.request.user, "journey__workspace"
        )

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        data = self.validated(EvidenceCreateSerializer)
        journey = data.pop("journey")
        require_edit_role(journey)
        item = evidence_create(
            journey=journey,
            touchpoints=data.pop("touchpoints", []),
            stages=data.pop("stages", []),
            created_by=request.user,
            **data,
        )
        return self.render(item, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = self.validated(EvidenceUpdateSerializer, partial=True)
        version = data.pop("version", None)
        item = evidence_update(
            evidence=item,
            expected_version=version,
            touchpoints=data.pop("touchpoints", None),
            stages=data.pop("stages", None),
            actor=request.user,
            **data,
        )
        return self.render(item)

    def destroy(self, request, *args, **kwargs):
        evidence_delete(evidence=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


CONFIDENCE = inline_serializer(
    "CardConfidence",
    {
        "touchpoint": serializers.IntegerField(),
        "evidence_count": serializers.IntegerField(),
        "confidence": serializers.ChoiceField(choices=Confidence.choices),
        "chosen": serializers.CharField(
            allow_blank=True, help_text="Set by hand (a confidence); empty: from the evidence."
        ),
    },
)


class ConfidenceInput(serializers.Serializer):
    chosen = serializers.ChoiceField(
        choices=[("", "From the evidence"), *Confidence.choices],
        allow_blank=True,
        help_text="Empty: from the evidence.",
    )


class CardConfidenceView(APIView):
    """A card's confidence: from how much evidence it has (an assumption, some evidence, validated from
    three items), or set by hand."""

    authentication_classes = ServiceViewSet.authentication_classes
    permission_classes = ServiceViewSet.permission_classes

    def _body(self, touchpoint) -> dict:
        count = touchpoint.evidence.count()
        chosen = CardConfidence.objects.filter(touchpoint=touchpoint).values_list("level", flat=True).first() or ""
        return {
            "touchpoint": touchpoint.pk,
            "evidence_count": count,
            "confidence": confidence_of(count, chosen),
            "chosen": chosen,
        }

    @extend_schema(tags=["evidence"], responses={200: CONFIDENCE, 401: NOT_AUTHENTICATED, 404: NOT_FOUND})
    def get(self, request, pk):
        touchpoint, _can_edit = get_touchpoint_for_user(request.user, pk)
        return Response(self._body(touchpoint))

    @extend_schema(
        tags=["evidence"],
        request=ConfidenceInput,
        responses={200: CONFIDENCE, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def put(self, request, pk):
        touchpoint = get_rw_touchpoint_for_user(request.user, pk)
        data = ConfidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        card_confidence_set(touchpoint=touchpoint, level=data.validated_data["chosen"])
        return Response(self._body(touchpoint))
