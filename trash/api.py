"""REST API for the workspaces' trash (/api/v1/trash/): list what was deleted, restore an entry, delete it
forever. Members read; owners and editors restore and delete (viewers get 403, outsiders 404)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    FORBIDDEN,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    VALIDATION_ERROR,
    FilterSet,
    delete_responses,
    id_filter,
    list_responses,
    read_responses,
)
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet

from .models import TrashEntry, TrashKind
from .services import trash_entry_purge, trash_entry_restore


class TrashEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=TrashKind.choices, read_only=True, help_text="`card` (a touchpoint), `stage`, `lane` or `map`."
    )
    label = serializers.CharField(read_only=True, help_text="Its title or name when it was deleted.")
    journey = serializers.IntegerField(
        source="journey_id",
        read_only=True,
        allow_null=True,
        help_text="The map it was on (the map itself for a map); it may be deleted too.",
    )
    journey_title = serializers.CharField(read_only=True, help_text="That map's title when it was deleted.")
    place = serializers.CharField(read_only=True, help_text="For a touchpoint: the name of its stage.")
    touchpoint_count = serializers.IntegerField(read_only=True, help_text="The touchpoints it holds.")
    deleted_by_name = serializers.CharField(read_only=True, help_text="Who deleted it (empty: unknown).")
    expires_at = serializers.DateTimeField(read_only=True, help_text="When it is deleted forever.")

    class Meta:
        model = TrashEntry
        fields = ["id", "workspace", "kind", "label", "journey", "journey_title", "place", "touchpoint_count"]
        fields += ["deleted_by", "deleted_by_name", "deleted_at", "expires_at"]
        read_only_fields = fields


class RestoredSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TrashKind.choices, help_text="What came back.")
    object_id = serializers.IntegerField(
        help_text="Its id, the one it had: /touchpoints/, /stages/, /lanes/ or /journeys/ by `kind`."
    )
    journey = serializers.IntegerField(help_text="The map it is back on (itself for a map).")


class TrashFilters(FilterSet):
    workspace = id_filter("Only the trash of this workspace.")
    journey = id_filter("Only what was deleted from this map (or the map itself).")
    lookups = {"workspace": "workspace_id", "journey": "journey_id"}


@extend_schema(tags=["trash"])
@extend_schema_view(
    list=extend_schema(
        description="What was deleted in your workspaces, newest first; each entry is deleted forever after "
        "`TRASH_RETENTION_DAYS` (30) days.",
        parameters=[TrashFilters],
        responses=list_responses(TrashEntrySerializer),
    ),
    retrieve=extend_schema(responses=read_responses(TrashEntrySerializer)),
    destroy=extend_schema(
        description="Deletes the entry forever: what it holds can no longer be restored.",
        responses=delete_responses(),
    ),
)
class TrashEntryViewSet(MemberViewSet):
    """The workspaces' trash: touchpoints, stages, lanes and maps deleted, with all they held, restorable
    where they were."""

    serializer_class = TrashEntrySerializer
    filterset_class = TrashFilters
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        queryset = TrashEntry.objects.defer("rows", "links").order_by("-deleted_at", "-id")
        return with_user_role(queryset, self.request.user)

    def destroy(self, request, *args, **kwargs):
        trash_entry_purge(entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Restore a trash entry",
        description="Puts it back where it was, with the same id and everything it held (a touchpoint's "
        "comments and links, a stage's touchpoints, a map's whole content), at the position it had; what "
        "came after it moves along. Refused (400) when its place is gone: a touchpoint's stage or a stage's "
        "map deleted (restore that first), its channel deleted, a map at its limit of stages or lanes, or a "
        "lane the map has again. The entry leaves the trash: restoring it again answers 404.",
        request=None,
        responses={
            200: RestoredSerializer,
            400: VALIDATION_ERROR,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        entry = self.get_object()
        restored = trash_entry_restore(entry=entry, actor=request.user)
        data = {"kind": entry.kind, "object_id": restored.obj.pk, "journey": restored.journey_id}
        return Response(RestoredSerializer(data).data)
