"""REST endpoints for exports and imports (included under /api/v1/ by config/api_urls.py).

POST /exports/ answers 202 with the queued job (a board image, `png` or `svg`, of the whole map or
of one `stage`); GET /exports/{id}/ gives its status, progress, download_url and error. POST
/journeys/import/ takes a JSON export or an OpenJourney file (multipart) and answers 202 with an
import job, followed at /imports/{id}/.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    FORBIDDEN,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    VALIDATION_ERROR,
    FilterSet,
    id_filter,
    list_responses,
    read_responses,
)
from journeys.models import Journey, Stage
from workspaces.access import with_user_role
from workspaces.models import EDIT_ROLES, Workspace

from . import services
from .compare import Comparison, compare_maps
from .importers.common import MAX_PROBLEMS
from .models import ExportJob, ImportFormat, ImportJob, JobStatus, NodeOutcome
from .selectors import export_file_response, export_jobs_for_user, import_jobs_for_user


@extend_schema_field(OpenApiTypes.INT)
class UserJourneyField(serializers.PrimaryKeyRelatedField):
    """A map in one of the caller's workspaces; any other id reads as "does not exist"."""

    def get_queryset(self):
        return with_user_role(Journey.objects.all(), self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class UserStageField(serializers.PrimaryKeyRelatedField):
    """A stage of a map in one of the caller's workspaces; any other id reads as "does not exist"."""

    def get_queryset(self):
        return with_user_role(Stage.objects.all(), self.context["request"].user, "journey__workspace")


@extend_schema_field(OpenApiTypes.INT)
class UserWorkspaceField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return with_user_role(Workspace.objects.all(), self.context["request"].user, "pk")


# The job's status is an enum of its own (JobStatusEnum in SPECTACULAR_SETTINGS).
class JobStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=JobStatus.choices, read_only=True, **kwargs)


class ExportJobSerializer(serializers.ModelSerializer):
    journey = UserJourneyField()
    stage = UserStageField(
        required=False,
        allow_null=True,
        help_text=_("For a board image (png or svg): one stage of the map, instead of the whole map."),
    )
    status = JobStatusField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "journey",
            "format",
            "stage",
            "status",
            "progress",
            "error",
            "download_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = ["status", "progress", "error", "created_at", "started_at", "finished_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job) -> str | None:
        if job.status != JobStatus.SUCCEEDED or not job.file:
            return None
        url = reverse("exports_api:export-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ImportJobSummarySerializer(serializers.ModelSerializer):
    """An import in a list: how many problems its file had, not the problems themselves."""

    status = JobStatusField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "workspace",
            "journey",
            "snapshot",
            "status",
            "progress",
            "error",
            "problem_count",
            "created_count",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class NodeOutcomeSerializer(serializers.Serializer):
    node = serializers.CharField(help_text="The node's id in the file, or its place (#1, #2…) when it has none.")
    title = serializers.CharField()
    outcome = serializers.ChoiceField(choices=NodeOutcome.choices)
    detail = serializers.CharField(help_text="Where it went, in the language of the import's requester.")


class ImportReportSerializer(serializers.Serializer):
    nodes = NodeOutcomeSerializer(many=True, help_text="Every node of the file, in its order.")
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="Lanes added, channels given, what the map could not keep."
    )


class ImportJobSerializer(ImportJobSummarySerializer):
    problems = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=f"The first {MAX_PROBLEMS} problems found (by row); `problem_count` says how many there were.",
    )
    report = serializers.SerializerMethodField(
        help_text="An OpenJourney import, once it succeeded: what became of each node of the file; null otherwise."
    )

    class Meta(ImportJobSummarySerializer.Meta):
        fields = [*ImportJobSummarySerializer.Meta.fields, "problems", "report"]
        read_only_fields = fields

    @extend_schema_field(ImportReportSerializer(allow_null=True))
    def get_report(self, job) -> dict | None:
        return job.report or None


class JourneyImportSerializer(serializers.Serializer):
    workspace = UserWorkspaceField(help_text=_("The workspace the new map is created in (owner or editor)."))
    file = serializers.FileField(help_text=_("A JSON export (format journeyboard.map), or an OpenJourney file."))
    format = serializers.ChoiceField(
        choices=ImportFormat.choices,
        default=ImportFormat.JSON,
        help_text=_("What the file is: `json` (a JSON export, the default) or `ojf` (OpenJourney)."),
    )


class MapCopySerializer(serializers.Serializer):
    workspace = UserWorkspaceField(
        required=False,
        help_text=_("The workspace the copy is made in (owner or editor); the map's own if left out."),
    )


class ExportJobFilters(FilterSet):
    # Bounded like every id filter: an id past 64 bits is a 400, not a number the database cannot hold.
    journey = id_filter("Only this map's exports.")
    workspace = id_filter("Only exports of maps in this workspace.")
    lookups = {"journey": "journey_id", "workspace": "journey__workspace_id"}


@extend_schema(tags=["exports"])
@extend_schema_view(retrieve=extend_schema(responses=read_responses(ExportJobSerializer)))
class ExportJobViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ExportJobSerializer

    def get_queryset(self):
        return export_jobs_for_user(self.request.user)

    def filter_queryset(self, queryset):
        if self.action == "list":
            queryset = ExportJobFilters(data=self.request.query_params).filter(queryset)
        return queryset

    @extend_schema(parameters=[ExportJobFilters], responses=list_responses(ExportJobSerializer))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Download a finished export's file",
        description="The job's `download_url`: works with the token, like every other call.",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return export_file_response(self.get_object())

    @extend_schema(responses={202: ExportJobSerializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            job = services.export_job_create(
                journey=serializer.validated_data["journey"],
                format=serializer.validated_data["format"],
                stage=serializer.validated_data.get("stage"),
                created_by=request.user,
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except DjangoValidationError as error:
            raise ApiValidationError(error.message_dict) from None
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["imports"])
@extend_schema_view(
    list=extend_schema(responses=list_responses(ImportJobSerializer)),
    retrieve=extend_schema(responses=read_responses(ImportJobSerializer)),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer

    def get_serializer_class(self):
        return ImportJobSummarySerializer if self.action == "list" else ImportJobSerializer

    def get_queryset(self):
        jobs = import_jobs_for_user(self.request.user)
        return jobs.defer("problems", "mapping", "report") if self.action == "list" else jobs


class JourneyImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["imports"],
        request={"multipart/form-data": JourneyImportSerializer},
        responses={202: ImportJobSerializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN},
        description=(
            "Create a new map from a JSON export, or from an OpenJourney file (`format` = `ojf`: stages, swimlanes "
            "and nodes; see docs/openjourney.md). Runs in the background; follow the job at /imports/{id}/, whose "
            "`report` says what became of each node of an OpenJourney file."
        ),
    )
    def post(self, request):
        serializer = JourneyImportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        workspace = serializer.validated_data["workspace"]
        if workspace.user_role not in EDIT_ROLES:
            raise PermissionDenied
        try:
            job = services.import_job_create_map(
                workspace=workspace,
                upload=serializer.validated_data["file"],
                created_by=request.user,
                format=serializer.validated_data["format"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except DjangoValidationError as error:
            raise ApiValidationError(error.message_dict) from None
        return Response(ImportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class MapCopyView(APIView):
    """Duplicate a map, or plan its future state (`future = True`): an import job makes the copy."""

    future = False

    def post(self, request, pk):
        maps = with_user_role(Journey.objects.select_related("workspace"), request.user)
        journey = maps.filter(pk=pk).first() if pk < 2**63 else None
        if journey is None:
            raise NotFound
        serializer = MapCopySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        target = None if self.future else serializer.validated_data.get("workspace")
        role = target.user_role if target is not None else journey.user_role
        if role not in EDIT_ROLES:
            raise PermissionDenied
        job = services.map_copy_create(
            journey=journey,
            workspace=target or journey.workspace,
            created_by=request.user,
            future=self.future,
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        return Response(ImportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


COPY_RESPONSES = {
    202: ImportJobSerializer,
    400: VALIDATION_ERROR,
    401: NOT_AUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
}


@extend_schema(
    tags=["imports"],
    request=MapCopySerializer,
    responses=COPY_RESPONSES,
    description=(
        "Copy the map into a workspace the caller edits (its own if `workspace` is left out): a new map with "
        "the stages, lanes, cards, personas, channels, strategies with their history, metrics, evidence and "
        "opportunities. Runs in the background; follow the job at /imports/{id}/, whose `journey` is the copy."
    ),
)
class MapDuplicateView(MapCopyView):
    pass


@extend_schema(
    tags=["imports"],
    request=None,
    responses=COPY_RESPONSES,
    description=(
        "Plan the map's future state: a copy in the same workspace, with state `future` and linked to this map "
        "(`future_of`). Owners and editors. Runs in the background like a duplicate."
    ),
)
class MapPlanFutureView(MapCopyView):
    future = True


class CardChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["added", "removed", "changed", "same"])
    title = serializers.CharField()
    before = serializers.IntegerField(allow_null=True, help_text="The card in the first map (none if added).")
    after = serializers.IntegerField(allow_null=True, help_text="The card in the second map (none if removed).")
    changed = serializers.ListField(
        child=serializers.CharField(), help_text="The fields that differ; `stage` if moved."
    )


class StageComparisonSerializer(serializers.Serializer):
    name = serializers.CharField()
    before_mood = serializers.FloatField(allow_null=True, help_text="The average emotion (-2 to 2) in the first map.")
    after_mood = serializers.FloatField(allow_null=True)
    cards = CardChangeSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    totals = serializers.DictField(child=serializers.IntegerField())
    stages = StageComparisonSerializer(many=True)


class CompareQuerySerializer(serializers.Serializer):
    before = UserJourneyField(help_text="The first map (as it was, or as it is).")
    after = UserJourneyField(help_text="The second map, of the same workspace (its future state, say).")

    def validate(self, attrs):
        if attrs["before"].workspace_id != attrs["after"].workspace_id:
            raise ApiValidationError({"after": [_("Choose two maps of the same workspace.")]})
        if attrs["before"].pk == attrs["after"].pk:
            raise ApiValidationError({"after": [_("Choose another map than the first.")]})
        return attrs


class MapCompareView(APIView):
    @extend_schema(
        tags=["journeys"],
        parameters=[CompareQuerySerializer],
        responses={200: ComparisonSerializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED},
        description=(
            "Two maps of a workspace stage by stage: each card added, removed, changed (which fields) or the same, "
            "paired with the card it was copied from, else by title within a stage of the same name; and each "
            "stage's average emotion in both."
        ),
    )
    def get(self, request):
        query = CompareQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        comparison = compare_maps(query.validated_data["before"], query.validated_data["after"])
        data = {
            "before": comparison.before.pk,
            "after": comparison.after.pk,
            "totals": comparison.totals,
            "stages": comparison_stages(comparison),
        }
        return Response(ComparisonSerializer(data).data)


def comparison_stages(comparison: Comparison) -> list[dict]:
    """A comparison's stages as StageComparisonSerializer gives them."""
    return [
        {
            "name": stage.name,
            "before_mood": stage.before_mood,
            "after_mood": stage.after_mood,
            "cards": [
                {
                    "kind": card.kind,
                    "title": card.title,
                    "before": (card.before or {}).get("id"),
                    "after": (card.after or {}).get("id"),
                    "changed": card.changed,
                }
                for card in stage.cards
            ],
        }
        for stage in comparison.stages
    ]
