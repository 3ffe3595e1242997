"""REST API for metrics (/api/v1/metrics/), readings (/api/v1/readings/) and the channel report
(/api/v1/channel-report/)."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from channels.models import Channel
from core.api import (
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
from journeys.access import get_journey_for_user
from journeys.models import Journey, Stage
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped
from workspaces.models import Workspace

from .models import Metric, PeriodKind, Reading, ReadingSource
from .selectors import channel_report
from .services import (
    METRIC_FIELDS,
    metric_create,
    metric_delete,
    metric_update,
    reading_delete,
    reading_record,
    reading_update,
)

VALUE = {"max_digits": 18, "decimal_places": 4, "coerce_to_string": False}

# -- metrics ---------------------------------------------------------------------------------------------------


class MetricSerializer(serializers.ModelSerializer):
    minimum = serializers.SerializerMethodField(help_text="The smallest value its kind allows.")
    maximum = serializers.SerializerMethodField(help_text="The largest value its kind allows.")
    target = serializers.DecimalField(**VALUE, allow_null=True)
    warning = serializers.DecimalField(**VALUE, allow_null=True)

    class Meta:
        model = Metric
        fields = ["id", "workspace", *METRIC_FIELDS, "minimum", "maximum", "position", "version", "created_at"]
        read_only_fields = fields

    def get_minimum(self, metric) -> float:
        return float(metric.bounds[0])

    def get_maximum(self, metric) -> float:
        return float(metric.bounds[1])


class MetricUpdateSerializer(serializers.ModelSerializer):
    target = serializers.DecimalField(**VALUE, allow_null=True, required=False)
    warning = serializers.DecimalField(**VALUE, allow_null=True, required=False)
    version = version_field()

    class Meta:
        model = Metric
        fields = [*METRIC_FIELDS, "version"]
        validators = []  # the service checks names and roles unique in a workspace (400 naming the field)


class MetricCreateSerializer(MetricUpdateSerializer):
    workspace = scoped(Workspace, workspace_field="pk")

    class Meta(MetricUpdateSerializer.Meta):
        fields = ["workspace", *METRIC_FIELDS]


class MetricFilters(FilterSet):
    workspace = id_filter("Only metrics of this workspace.")
    lookups = {"workspace": "workspace_id"}


@extend_schema(tags=["metrics"])
@extend_schema_view(
    list=extend_schema(parameters=[MetricFilters], responses=list_responses(MetricSerializer)),
    retrieve=extend_schema(responses=read_responses(MetricSerializer)),
    create=extend_schema(request=MetricCreateSerializer, responses=create_responses(MetricSerializer)),
    partial_update=extend_schema(request=MetricUpdateSerializer, responses=update_responses(MetricSerializer)),
    destroy=extend_schema(description="Deletes the metric with its readings.", responses=delete_responses()),
)
class MetricViewSet(MemberViewSet):
    """A workspace's metric library: what is measured, its kind (which bounds its values), the
    direction that is better, a target and a warning threshold."""

    serializer_class = MetricSerializer
    filterset_class = MetricFilters

    def get_queryset(self):
        return with_user_role(Metric.objects.all(), self.request.user)

    def create(self, request, *args, **kwargs):
        data = self.validated(MetricCreateSerializer)
        workspace = data.pop("workspace")
        require_edit_role(workspace)
        return self.render(metric_create(workspace=workspace, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        metric = self.get_object()
        data = self.validated(MetricUpdateSerializer, partial=True)
        version = data.pop("version", None)
        return self.render(metric_update(metric=metric, expected_version=version, **data))

    def destroy(self, request, *args, **kwargs):
        metric_delete(metric=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- readings --------------------------------------------------------------------------------------------------


class ReadingSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(**VALUE)
    status = serializers.CharField(help_text="good, warn, bad against the metric's target, or none.")

    class Meta:
        model = Reading
        fields = [
            "id",
            "metric",
            "journey",
            "touchpoint",
            "stage",
            "channel",
            "period_kind",
            "period_start",
            "value",
            "status",
            "source",
            "note",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class ReadingUpdateSerializer(serializers.Serializer):
    value = serializers.DecimalField(**VALUE, required=False)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
    period_start = serializers.DateField(required=False)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False)
    version = version_field()


class ReadingCreateSerializer(serializers.Serializer):
    metric = scoped(Metric)
    journey = scoped(Journey)
    touchpoint = scoped(Touchpoint, workspace_field="stage__journey__workspace", required=False, allow_null=True)
    stage = scoped(Stage, workspace_field="journey__workspace", required=False, allow_null=True)
    channel = scoped(Channel, required=False, allow_null=True)
    value = serializers.DecimalField(**VALUE)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.MONTH)
    period_start = serializers.DateField(help_text="Any day of the period: stored as the period's first day.")
    note = serializers.CharField(max_length=500, allow_blank=True, default="")


class ReadingFilters(FilterSet):
    metric = id_filter("Only readings of this metric.")
    journey = id_filter("Only readings on this map.")
    stage = id_filter("Only readings for this stage.")
    touchpoint = id_filter("Only readings for this touchpoint.")
    channel = id_filter("Only readings for this channel.")
    lookups = {
        "metric": "metric_id",
        "journey": "journey_id",
        "stage": "stage_id",
        "touchpoint": "touchpoint_id",
        "channel": "channel_id",
    }


@extend_schema(tags=["metrics"])
@extend_schema_view(
    list=extend_schema(parameters=[ReadingFilters], responses=list_responses(ReadingSerializer)),
    retrieve=extend_schema(responses=read_responses(ReadingSerializer)),
    create=extend_schema(
        description="Records a value for a period. A value of the same metric, for the same target and period, "
        "replaces the one recorded before. A value outside the metric's range is a 400 naming `value`.",
        request=ReadingCreateSerializer,
        responses=create_responses(ReadingSerializer),
    ),
    partial_update=extend_schema(request=ReadingUpdateSerializer, responses=update_responses(ReadingSerializer)),
    destroy=extend_schema(responses=delete_responses()),
)
class ReadingViewSet(MemberViewSet):
    """A metric's value for a day, week or month, for one touchpoint, stage or channel of a map, or
    for the whole map."""

    serializer_class = ReadingSerializer
    filterset_class = ReadingFilters

    def get_queryset(self):
        return with_user_role(Reading.objects.select_related("metric"), self.request.user, "journey__workspace")

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        data = self.validated(ReadingCreateSerializer)
        require_edit_role(data["journey"])
        reading = reading_record(**data, source=ReadingSource.API, recorded_by=request.user)
        return self.render(reading, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        reading = self.get_object()
        data = self.validated(ReadingUpdateSerializer, partial=True)
        version = data.pop("version", None)
        return self.render(reading_update(reading=reading, expected_version=version, recorded_by=request.user, **data))

    def destroy(self, request, *args, **kwargs):
        reading_delete(reading=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- the channel report ----------------------------------------------------------------------------------------


class ChannelReportQuery(serializers.Serializer):
    journey = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The map.")
    first = serializers.DateField(input_formats=["%Y-%m"], required=False, help_text="The first month, YYYY-MM.")
    last = serializers.DateField(input_formats=["%Y-%m"], required=False, help_text="The last month, YYYY-MM.")

    def validate(self, attrs):
        if attrs.get("first") and attrs.get("last") and attrs["first"] > attrs["last"]:
            raise serializers.ValidationError({"last": "The last month comes after the first."})
        return attrs


CHANNEL_ROW = inline_serializer(
    "ChannelReportRow",
    {
        "channel": serializers.IntegerField(),
        "name": serializers.CharField(),
        "cost": serializers.FloatField(allow_null=True),
        "revenue": serializers.FloatField(allow_null=True),
        "conversions": serializers.FloatField(allow_null=True),
        "roi": serializers.FloatField(allow_null=True, help_text="(revenue - cost) / cost; 0.5 is 50 %."),
        "cost_per_conversion": serializers.FloatField(allow_null=True),
        "touchpoints": serializers.ListField(child=serializers.CharField()),
    },
)


def _number(value):
    return None if value is None else float(value)


class ChannelReportView(APIView):
    """Which channels pay off on a map: each channel's cost, revenue and conversions over the months
    asked, its ROI and cost per conversion, best ROI first."""

    authentication_classes = ServiceViewSet.authentication_classes
    permission_classes = ServiceViewSet.permission_classes

    @extend_schema(
        tags=["metrics"],
        parameters=[
            OpenApiParameter("journey", OpenApiTypes.INT, required=True),
            OpenApiParameter("first", OpenApiTypes.STR, description="YYYY-MM"),
            OpenApiParameter("last", OpenApiTypes.STR, description="YYYY-MM"),
        ],
        responses={
            200: inline_serializer(
                "ChannelReport",
                {
                    "journey": serializers.IntegerField(),
                    "currency": serializers.CharField(allow_blank=True),
                    "channels": CHANNEL_ROW.__class__(many=True),
                },
            ),
            400: VALIDATION_ERROR,
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        query = ChannelReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        journey, _can_edit = get_journey_for_user(request.user, query.validated_data["journey"])
        report = channel_report(journey, first=query.validated_data.get("first"), last=query.validated_data.get("last"))
        cost = report.metrics.get("cost")
        return Response(
            {
                "journey": journey.pk,
                "currency": cost.unit if cost else "",
                "channels": [
                    {
                        "channel": figures.channel.pk,
                        "name": figures.channel.name,
                        "cost": _number(figures.cost),
                        "revenue": _number(figures.revenue),
                        "conversions": _number(figures.conversions),
                        "roi": None if report.currency_mismatch else _number(figures.roi),
                        "cost_per_conversion": _number(figures.cost_per_conversion),
                        "touchpoints": figures.touchpoints,
                    }
                    for figures in report.ranked
                ],
            }
        )
