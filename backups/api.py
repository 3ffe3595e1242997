"""REST endpoints for backups and restores (included under /api/v1/ by config/api_urls.py).

POST /workspaces/{id}/backup/ (owners) answers 202 with the queued backup; GET /backups/{id}/ gives its
status, progress and, once done, its `download_url`. POST /restores/ takes an archive (multipart) and
answers 202 with a restore job, followed at /restores/{id}/, whose `workspace` is the new workspace.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    MAX_ID,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    VALIDATION_ERROR,
    ErrorDetail,
    FilterSet,
    id_filter,
    list_responses,
    read_responses,
)
from exports.api import JobStatusField
from exports.importers.common import MAX_PROBLEMS
from exports.models import JobStatus
from workspaces.access import get_owned_workspace_for_user

from . import services
from .models import BackupJob, RestoreJob
from .selectors import backup_file_response, backup_jobs_for_owner, restore_jobs_for_user

NOT_AN_OWNER = OpenApiResponse(ErrorDetail, description="Only the workspace's owners may back it up.")


class BackupJobSerializer(serializers.ModelSerializer):
    status = JobStatusField()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="What the archive holds: maps, stages, touchpoints, strategies, comments... (its manifest's counts).",
    )
    size = serializers.IntegerField(read_only=True, help_text="The archive's size in bytes.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BackupJob
        fields = [
            "id",
            "workspace",
            "status",
            "progress",
            "error",
            "size",
            "counts",
            "download_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job) -> str | None:
        if job.status != JobStatus.SUCCEEDED or not job.file:
            return None
        url = reverse("backups_api:backup-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PersonFoundSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="The person's username in the archive.")
    name = serializers.CharField(allow_blank=True)
    account = serializers.CharField(help_text="The member of the new workspace linked to what they did and own.")


class PersonNotFoundSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class RestoreReportSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), required=False)
    found = PersonFoundSerializer(many=True, required=False)
    not_found = PersonNotFoundSerializer(
        many=True,
        required=False,
        help_text=(
            "People of the archive who are not members of the new workspace: what they did is linked to whoever "
            "restored it, with their names kept; what they owned has no owner."
        ),
    )


class RestoreJobSerializer(serializers.ModelSerializer):
    status = JobStatusField()
    workspace = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The workspace the restore made (you own it)."
    )
    problems = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=f"The first {MAX_PROBLEMS} problems found in a refused archive; `problem_count` says how many.",
    )
    report = RestoreReportSerializer(read_only=True)

    class Meta:
        model = RestoreJob
        fields = [
            "id",
            "name",
            "status",
            "progress",
            "error",
            "workspace",
            "problem_count",
            "problems",
            "report",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class RestoreRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A backup archive (.zip) made by “Download backup”."))
    name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text=_("The new workspace's name; the archive's own if left out."),
    )


class BackupJobFilters(FilterSet):
    workspace = id_filter("Only this workspace's backups.")
    lookups = {"workspace": "workspace_id"}


@extend_schema(tags=["backups"])
@extend_schema_view(retrieve=extend_schema(responses=read_responses(BackupJobSerializer)))
class BackupJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Backups of the workspaces you own (a backup holds everything: owners only)."""

    serializer_class = BackupJobSerializer

    def get_queryset(self):
        return backup_jobs_for_owner(self.request.user)

    def filter_queryset(self, queryset):
        if self.action == "list":
            queryset = BackupJobFilters(data=self.request.query_params).filter(queryset)
        return queryset

    @extend_schema(parameters=[BackupJobFilters], responses=list_responses(BackupJobSerializer))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Download a finished backup's archive",
        description="The job's `download_url`: a .zip (docs/backup-format.md).",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return backup_file_response(self.get_object())


class WorkspaceBackupView(APIView):
    @extend_schema(
        tags=["backups"],
        request=None,
        responses={202: BackupJobSerializer, 401: NOT_AUTHENTICATED, 403: NOT_AN_OWNER, 404: NOT_FOUND},
        description=(
            "Back up the whole workspace into one archive: every map, persona, channel, lane, strategy with its "
            "history, comment thread, metric, reading, evidence and opportunity. Owners only. Runs in the "
            "background; follow the job at /backups/{id}/."
        ),
    )
    def post(self, request, pk):
        if not 0 < pk <= MAX_ID:
            raise NotFound
        workspace = get_owned_workspace_for_user(request.user, pk)  # 404 outside, 403 for editors and viewers
        job = services.backup_job_create(
            workspace=workspace, created_by=request.user, language=getattr(request, "LANGUAGE_CODE", "")
        )
        return Response(BackupJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["restores"])
@extend_schema_view(
    list=extend_schema(responses=list_responses(RestoreJobSerializer)),
    retrieve=extend_schema(responses=read_responses(RestoreJobSerializer)),
)
class RestoreJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your restores: each makes a new workspace that you own."""

    serializer_class = RestoreJobSerializer
    parser_classes = [MultiPartParser, FormParser]  # (an upload: the only body it reads)

    def get_queryset(self):
        return restore_jobs_for_user(self.request.user)

    @extend_schema(
        request={"multipart/form-data": RestoreRequestSerializer},
        responses={202: RestoreJobSerializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED},
        description=(
            "Restore a backup archive into a new workspace that you will own (any user may). The whole archive "
            "is checked first; a refused one writes nothing and the job lists its problems. Runs in the "
            "background; follow the job at /restores/{id}/."
        ),
    )
    def create(self, request):
        serializer = RestoreRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            job = services.restore_job_create(
                upload=serializer.validated_data["file"],
                name=serializer.validated_data.get("name", ""),
                created_by=request.user,
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except DjangoValidationError as error:
            raise ApiValidationError(error.message_dict) from None
        return Response(RestoreJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)
