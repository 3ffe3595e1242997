"""REST API for workspaces and the API token, and what every app's API shares about roles.

Every API queryset goes through `with_user_role`, so an object outside the
caller's workspaces is a 404 and each row carries the caller's `user_role`,
which `CanEditObject` reads. The rest of the machinery is in core/api.py.
"""

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    NOT_AUTHENTICATED,
    TOO_MANY,
    VALIDATION_ERROR,
    ServiceViewSet,
    delete_responses,
    list_responses,
    read_responses,
    update_responses,
)
from core.parsers import BoundedJSONParser
from core.security import TokenThrottle

from .access import with_user_role
from .accounts import api_login_check
from .models import EDIT_ROLES, Role, Workspace
from .services import token_create, workspace_create, workspace_delete, workspace_update

# ---------------------------------------------------------------------------
# What every app's API shares about workspaces and roles
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


class TeammateField(serializers.PrimaryKeyRelatedField):
    """A user who shares at least one workspace with the caller."""

    def get_queryset(self):
        user = self.context["request"].user
        return get_user_model().objects.filter(memberships__workspace__memberships__user=user).distinct()


def teammate_field(**kwargs) -> TeammateField:
    return TeammateField(queryset=get_user_model().objects.all(), **kwargs)


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


class MemberViewSet(ServiceViewSet):
    # The base of every viewset of a workspace's content: `get_queryset` must go
    # through `with_user_role`; members read, owners and editors write.
    permission_classes = [permissions.IsAuthenticated, CanEditObject]


# ---------------------------------------------------------------------------
# Token
# ---------------------------------------------------------------------------


class CredentialsSerializer(serializers.Serializer):
    """A username and a password (both required), and the authenticator app's code for an account with
    two-factor authentication. A request component of its own: the response's `token` is not one of its
    fields."""

    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="The authenticator app's current code, for an account with two-factor authentication.",
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        try:
            api_login_check(user=user, code=attrs["code"])
        except DjangoValidationError as error:
            if attrs["code"] and "code" in error.message_dict:  # a wrong code: a failed log-in (django-axes)
                user_login_failed.send(sender=__name__, credentials={"username": attrs["username"]}, request=request)
            raise serializers.ValidationError(error.message_dict) from None
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. Shown this once.")
    expiry = serializers.DateTimeField(help_text="When it stops working; ask for a new one then.")


@extend_schema(
    tags=["auth"],
    summary="Exchange a username and password for an API token",
    description=(
        "Each call makes a new token (stored hashed, valid for API_TOKEN_DAYS days). Send it as "
        "`Authorization: Token <token>` on every other call; revoke it with `POST /api/v1/auth/logout/`, "
        "or on the API tokens page."
    ),
    request=CredentialsSerializer,
    responses={200: TokenResponseSerializer, 400: VALIDATION_ERROR, 429: TOO_MANY},
    auth=[],
)
class TokenView(APIView):
    authentication_classes = []
    permission_classes = []
    parser_classes = [BoundedJSONParser]  # JSON only: one request body, which the schema marks required
    throttle_classes = [TokenThrottle]

    def post(self, request, *args, **kwargs):
        # Django's request, not DRF's, reaches authenticate(): django-axes marks a locked-out log-in on
        # it, and its middleware answers for it (core.security.lockout_response).
        serializer = CredentialsSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        try:
            instance, token = token_create(user=serializer.validated_data["user"])
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        return Response(TokenResponseSerializer({"token": token, "expiry": instance.expiry}).data)


def token_links(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: the OpenAPI link from a new token to its revocation (the token goes in a
    header, which core.schema_links, reading ids from bodies, does not follow)."""
    token = result["paths"].get("/api/v1/auth/token/", {}).get("post", {}).get("responses", {}).get("200")
    if token is None:
        return result
    token.setdefault("links", {})["v1_auth_logout_create"] = {
        "operationId": "v1_auth_logout_create",
        "parameters": {"header.Authorization": "Token {$response.body#/token}"},
    }
    return result


@extend_schema(
    tags=["auth"],
    summary="Revoke the token this call is made with",
    request=None,
    responses={204: None, 401: NOT_AUTHENTICATED},
)
class TokenRevokeView(KnoxLogoutView):
    pass


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
        if "name" in data:
            workspace = workspace_update(workspace=workspace, name=data["name"])
        return self.render(workspace)

    def destroy(self, request, *args, **kwargs):
        workspace_delete(workspace=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
