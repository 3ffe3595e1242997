"""REST API for channels: /api/v1/channels/."""

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
)
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped
from workspaces.models import Workspace

from .models import Channel
from .services import channel_create, channel_delete, channel_update


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "workspace", "name", "position"]
        read_only_fields = fields


class ChannelUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["name"]


class ChannelCreateSerializer(serializers.ModelSerializer):
    workspace = scoped(Workspace, workspace_field="pk")

    class Meta:
        model = Channel
        fields = ["workspace", "name"]
        validators = []  # the service checks that names are unique in a workspace


class ChannelFilters(FilterSet):
    workspace = id_filter("Only channels of this workspace.")
    lookups = {"workspace": "workspace_id"}


@extend_schema(tags=["channels"])
@extend_schema_view(
    list=extend_schema(parameters=[ChannelFilters], responses=list_responses(ChannelSerializer)),
    retrieve=extend_schema(responses=read_responses(ChannelSerializer)),
    create=extend_schema(request=ChannelCreateSerializer, responses=create_responses(ChannelSerializer)),
    partial_update=extend_schema(
        request=ChannelUpdateSerializer, responses=update_responses(ChannelSerializer, versioned=False)
    ),
    destroy=extend_schema(
        description="A channel still used by touchpoints cannot be deleted (400).", responses=delete_responses()
    ),
)
class ChannelViewSet(MemberViewSet):
    """Where touchpoints happen (website, store, e-mail...), per workspace."""

    serializer_class = ChannelSerializer
    filterset_class = ChannelFilters

    def get_queryset(self):
        return with_user_role(Channel.objects.all(), self.request.user)

    def create(self, request, *args, **kwargs):
        data = self.validated(ChannelCreateSerializer)
        require_edit_role(data["workspace"])
        channel = channel_create(workspace=data["workspace"], name=data["name"])
        return self.render(channel, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        channel = self.get_object()
        data = self.validated(ChannelUpdateSerializer, partial=True)
        if "name" in data:
            channel = channel_update(channel=channel, name=data["name"])
        return self.render(channel)

    def destroy(self, request, *args, **kwargs):
        channel_delete(channel=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
