"""REST API for workspaces, and the pieces every app's API shares.

Every API queryset goes through `with_user_role`, so an object outside the
caller's workspaces is a 404 and each row carries the caller's `user_role`,
which the permission classes read. Writes call one service each; a service's
`ValidationError` becomes a 400 with field errors and a `VersionConflict` a
409 whose body is the current object.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from journeys.exceptions import VersionConflict

from .access import with_user_role
from .models import EDIT_ROLES, Role, Workspace
from .services import workspace_create

# Largest id a filter or a related field accepts (BigAutoField).
MAX_ID = 2**63 - 1


# ---------------------------------------------------------------------------
# Shared machinery
# ---------------------------------------------------------------------------


class MemberScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field that only accepts objects in the caller's workspaces.

    The chosen object carries the caller's `user_role` there, so a create can
    check the role in the target workspace. Anything else is the usual
    "object does not exist" field error (400), never a hint that it exists.
    """

    def __init__(self, *, workspace_field: str, **kwargs):
        self.workspace_field = workspace_field
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context["request"]
        return with_user_role(super().get_queryset(), request.user, self.workspace_field)


def scoped(model, workspace_field: str = "workspace", **kwargs) -> MemberScopedPrimaryKeyRelatedField:
    return MemberScopedPrimaryKeyRelatedField(queryset=model.objects.all(), workspace_field=workspace_field, **kwargs)


class CanEditObject(permissions.BasePermission):
    """Reads for every member; writes for owners and editors (viewers get 403)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return getattr(obj, "user_role", None) in EDIT_ROLES


class IsWorkspaceOwner(permissions.BasePermission):
    """Reads for every member; renaming or deleting a workspace for its owners."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return getattr(obj, "user_role", None) == Role.OWNER


def require_edit_role(target) -> None:
    """Refuse a create into a workspace where the caller is only a viewer.

    `target` comes from a `MemberScopedPrimaryKeyRelatedField`, annotated with
    the caller's role in its workspace.
    """
    if getattr(target, "user_role", None) not in EDIT_ROLES:
        raise exceptions.PermissionDenied(_("Viewers cannot change this workspace."))


class FilterSet(serializers.Serializer):
    """Query-string filters: each declared field maps to a queryset lookup.

    Subclasses declare integer fields and a `lookups` dict; a value that is not
    a positive whole number answers 400 with the parameter named.
    """

    lookups: dict[str, str] = {}

    def filter(self, queryset):
        self.is_valid(raise_exception=True)
        for name, value in self.validated_data.items():
            queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset


def id_filter(help_text) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class ErrorDetail(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Bad input: an object mapping each field (or `non_field_errors`) to a list of messages.",
)
NOT_AUTHENTICATED = OpenApiResponse(ErrorDetail, description="No or invalid credentials.")
FORBIDDEN = OpenApiResponse(ErrorDetail, description="Viewers may not change the workspace's content.")
NOT_FOUND = OpenApiResponse(ErrorDetail, description="Not found, or not in one of your workspaces.")


def conflict(serializer) -> OpenApiResponse:
    return OpenApiResponse(
        serializer,
        description="The `version` sent is not the stored one: someone changed it meanwhile. "
        "The body is the current object; nothing was written.",
    )


def read_responses(serializer) -> dict:
    return {200: serializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND}


PAGE_NOT_FOUND = OpenApiResponse(ErrorDetail, description="There is no such page.")


def list_responses(serializer) -> dict:
    return {200: serializer(many=True), 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 404: PAGE_NOT_FOUND}


def create_responses(serializer) -> dict:
    return {201: serializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN}


def update_responses(serializer, *, versioned: bool = True) -> dict:
    responses = {200: serializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}
    if versioned:
        responses[409] = conflict(serializer)
    return responses


def delete_responses() -> dict:
    return {204: None, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


class ServiceViewSet(viewsets.GenericViewSet):
    # A viewset whose writes call services. `serializer_class` renders objects;
    # subclasses validate input with their own input serializers
    # (`self.validated(...)`) and call one service, or a few in one transaction.
    # `get_queryset` must go through `with_user_role`. (A comment, not a
    # docstring: each viewset's own docstring describes it in the API docs.)

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, CanEditObject]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_converter = "int"
    filterset_class: type[FilterSet] | None = None

    def validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def render(self, obj, status_code=status.HTTP_200_OK) -> Response:
        # Read back through the API queryset, so the answer carries the same
        # annotations and prefetches as a GET.
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=status_code)

    def filter_queryset(self, queryset):
        if self.action == "list" and self.filterset_class is not None:
            queryset = self.filterset_class(data=self.request.query_params).filter(queryset)
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def handle_exception(self, exc):
        if isinstance(exc, VersionConflict):
            current = self.get_queryset().filter(pk=exc.current.pk).first()
            if current is None:  # deleted meanwhile
                exc = exceptions.NotFound()
            else:
                return Response(self.get_serializer(current).data, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
        return super().handle_exception(exc)


# ---------------------------------------------------------------------------
# Token
# ---------------------------------------------------------------------------


@extend_schema(
    tags=["auth"],
    summary="Exchange a username and password for an API token",
    description="Send the token as `Authorization: Token <token>` on every other call.",
    request=AuthTokenSerializer,
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        400: VALIDATION_ERROR,
    },
    auth=[],
)
class TokenView(ObtainAuthToken):
    authentication_classes = []
    permission_classes = []

    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


# ---------------------------------------------------------------------------
# Workspaces
# ---------------------------------------------------------------------------


class WorkspaceSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        source="user_role", choices=Role.choices, read_only=True, help_text="Your role in this workspace."
    )

    class Meta:
        model = Workspace
        fields = ["id", "name", "role", "created_at"]
        read_only_fields = ["id", "role", "created_at"]


class WorkspaceInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workspace
        fields = ["name"]


@extend_schema(tags=["workspaces"])
@extend_schema_view(
    list=extend_schema(summary="Your workspaces", responses=list_responses(WorkspaceSerializer)),
    retrieve=extend_schema(responses=read_responses(WorkspaceSerializer)),
    create=extend_schema(
        summary="Create a workspace; you become its owner",
        request=WorkspaceInputSerializer,
        responses={201: WorkspaceSerializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED},
    ),
    partial_update=extend_schema(
        summary="Rename a workspace (owners only)",
        request=WorkspaceInputSerializer,
        responses=update_responses(WorkspaceSerializer, versioned=False),
    ),
    destroy=extend_schema(
        summary="Delete a workspace and everything in it (owners only)", responses=delete_responses()
    ),
)
class WorkspaceViewSet(ServiceViewSet):
    """Teams. Every map, persona and channel belongs to one; you see the workspaces you are a member of."""

    serializer_class = WorkspaceSerializer
    permission_classes = [permissions.IsAuthenticated, IsWorkspaceOwner]

    def get_queryset(self):
        return with_user_role(Workspace.objects.all(), self.request.user, workspace_field="pk")

    def create(self, request, *args, **kwargs):
        data = self.validated(WorkspaceInputSerializer)
        workspace = workspace_create(name=data["name"], owner=request.user)
        return self.render(workspace, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        workspace = self.get_object()
        data = self.validated(WorkspaceInputSerializer, partial=True)
        # TODO: workspaces/services.py has no `workspace_update` / `workspace_delete`
        # yet; these two writes belong there and move when they exist.
        with transaction.atomic():
            if "name" in data:
                workspace.name = data["name"]
                workspace.full_clean()
                workspace.save(update_fields=["name"])
        return self.render(workspace)

    def destroy(self, request, *args, **kwargs):
        workspace = self.get_object()
        with transaction.atomic():
            # Maps first: their cards protect the workspace's channels from a cascade.
            workspace.journeys.all().delete()
            workspace.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
