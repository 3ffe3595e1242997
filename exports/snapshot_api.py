"""REST endpoints for a map's snapshots (/api/v1/snapshots/), with the rules of the rest of the API: members
list, read and compare them; owners and editors take, restore and delete them (viewers get 403); a
snapshot of a map outside the caller's workspaces is a 404. Taking one answers 201 (400 with the field
errors: a name too long, a map past its count of snapshots or too large to keep); restoring one answers 202
with the restore's job, followed at /imports/{id}/, or 409 with the job already queued or running for that
map. A snapshot's document, which can be large, is read on its own: /snapshots/{id}/content/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    FORBIDDEN,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    FilterSet,
    create_responses,
    delete_responses,
    id_filter,
    list_responses,
    read_responses,
)
from journeys.models import Journey
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped

from . import services
from .api import ImportJobSerializer, StageComparisonSerializer, comparison_stages
from .compare import compare_maps
from .models import Snapshot
from .snapshots import snapshot_delete, snapshot_take


class SnapshotSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(read_only=True, help_text="Why it was taken, in the caller's language.")
    taken_by = serializers.CharField(read_only=True, help_text="Who took it (their name), or empty.")

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "journey",
            "name",
            "kind",
            "note",
            "reason",
            "created_by",
            "taken_by",
            "created_at",
            "stage_count",
            "card_count",
            "size",
        ]
        read_only_fields = fields


class SnapshotCreateSerializer(serializers.Serializer):
    journey = scoped(Journey, help_text="The map to keep as it is now (owners and editors).")
    name = serializers.CharField(max_length=Snapshot._meta.get_field("name").max_length)
    note = serializers.CharField(
        max_length=Snapshot._meta.get_field("note").max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why it is taken.",
    )


class SnapshotComparisonSerializer(serializers.Serializer):
    snapshot = serializers.IntegerField()
    journey = serializers.IntegerField(help_text="The map, as it is now.")
    totals = serializers.DictField(child=serializers.IntegerField())
    stages = StageComparisonSerializer(many=True)


class SnapshotFilters(FilterSet):
    journey = id_filter("Only this map's snapshots.")
    lookups = {"journey": "journey_id"}


SNAPSHOT_CONTENT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "The map as the snapshot keeps it: the JSON export's document (format journeyboard.map, "
        "docs/export-format.md), its channels, stages, lanes and strategies with their `id`."
    ),
)
RESTORE_RUNNING = OpenApiResponse(
    ImportJobSerializer,
    description="A restore of this map is queued or running already: the body is that job; nothing was started.",
)


@extend_schema(tags=["snapshots"])
@extend_schema_view(
    list=extend_schema(
        description="Newest first, without their content.",
        parameters=[SnapshotFilters],
        responses=list_responses(SnapshotSerializer),
    ),
    retrieve=extend_schema(responses=read_responses(SnapshotSerializer)),
    create=extend_schema(request=SnapshotCreateSerializer, responses=create_responses(SnapshotSerializer)),
    destroy=extend_schema(responses=delete_responses()),
)
class SnapshotViewSet(MemberViewSet):
    """A map kept whole as it was at one moment, under a name: taken by hand, or automatically before an
    import into the map (`before_import`) and before a restore (`before_restore`, the safety snapshot)."""

    serializer_class = SnapshotSerializer
    filterset_class = SnapshotFilters
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        snapshots = with_user_role(
            Snapshot.objects.select_related("created_by"), self.request.user, "journey__workspace"
        ).order_by("-created_at", "-id")
        if self.action not in ("content", "compare", "restore"):
            snapshots = snapshots.defer("content")
        return snapshots

    def create(self, request, *args, **kwargs):
        data = self.validated(SnapshotCreateSerializer)
        require_edit_role(data["journey"])
        snapshot = snapshot_take(journey=data["journey"], name=data["name"], note=data["note"], created_by=request.user)
        return self.render(snapshot, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        snapshot_delete(snapshot=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        description="The snapshot's document: what a restore puts back into the map.",
        responses={200: SNAPSHOT_CONTENT, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def content(self, request, *args, **kwargs):
        return Response(self.get_object().content)

    @extend_schema(
        description=(
            "The snapshot against the map as it is now, stage by stage, as two maps are compared "
            "(/journeys/compare/): each card added since, removed since, changed (which fields) or the same, "
            "paired by its id; and each stage's average emotion then and now."
        ),
        responses=read_responses(SnapshotComparisonSerializer),
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, *args, **kwargs):
        snapshot = self.get_object()
        journey = Journey.objects.get(pk=snapshot.journey_id)
        comparison = compare_maps(snapshot, journey)
        data = {
            "snapshot": snapshot.pk,
            "journey": journey.pk,
            "totals": comparison.totals,
            "stages": comparison_stages(comparison),
        }
        return Response(SnapshotComparisonSerializer(data).data)

    @extend_schema(
        request=None,
        responses={
            202: ImportJobSerializer,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: RESTORE_RUNNING,
        },
        description=(
            "Put the snapshot's content back into its map, in place (same map, same id): a safety snapshot of "
            "the map as it is is taken first; cards and stages the map still has keep their ids (and comments); "
            "strategies keep their history, each changed one getting a `restored` revision. Runs in the "
            "background; follow the job at /imports/{id}/ (kind `snapshot_restore`)."
        ),
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        snapshot = self.get_object()
        try:
            job = services.snapshot_restore_create(
                snapshot=snapshot, created_by=request.user, language=getattr(request, "LANGUAGE_CODE", "")
            )
        except services.RestoreRunning as busy:
            return Response(ImportJobSerializer(busy.job).data, status=status.HTTP_409_CONFLICT)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
