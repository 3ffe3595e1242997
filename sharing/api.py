"""REST API for share links: /api/v1/share-links/ (with `?journey=`), one link, and its revocation.

Members of the map's workspace list and read its links; owners and editors make and revoke them
(viewers get 403), and a map outside the caller's workspaces is a 404 (or, in a body, a 400 naming
`journey`). A new link's answer carries its `url`, with the token, this once: only a hash of it is kept.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import FilterSet, create_responses, id_filter, list_responses, read_responses, update_responses
from core.users import display_name
from journeys.models import Journey
from workspaces.access import with_user_role
from workspaces.api import MemberViewSet, require_edit_role, scoped

from .models import ShareLink, ShareLinkStatus
from .services import MAX_PASSWORD_LENGTH, share_link_create, share_link_revoke

STATUS_HELP = "`active`: it opens the map; `expired`: past its last day; `revoked`."


class ShareLinkSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    has_password = serializers.BooleanField(read_only=True, help_text="Whether visitors must type a password.")
    token_start = serializers.CharField(read_only=True, help_text="The token's first characters, to tell links apart.")
    created_by_name = serializers.SerializerMethodField(help_text="Who made the link.")
    url = serializers.SerializerMethodField(
        help_text="The link, with its token: in the answer that made it only (only a hash of the token is "
        "kept); null everywhere else."
    )

    class Meta:
        model = ShareLink
        fields = ["id", "journey", "label", "shows_board", "shows_guide", "shows_strategies", "expires_on"]
        fields += ["has_password", "token_start", "status", "created_by", "created_by_name", "created_at"]
        fields += ["last_used_at", "revoked_at", "url"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ShareLinkStatus.choices))
    def get_status(self, link) -> str:
        return link.status().value

    def get_created_by_name(self, link) -> str:
        return display_name(link.created_by)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, link) -> str | None:
        token = self.context.get("new_tokens", {}).get(link.pk)
        if token is None:
            return None
        return self.context["request"].build_absolute_uri(reverse("sharing:home", args=[token]))


class ShareLinkCreateSerializer(serializers.Serializer):
    journey = scoped(Journey, help_text="The map to share (owners and editors).")
    label = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Who it is for."
    )
    shows_board = serializers.BooleanField(
        required=False, default=True, help_text="The board, live, with presentation mode."
    )
    shows_guide = serializers.BooleanField(required=False, default=False, help_text="The guide, stage by stage.")
    shows_strategies = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The strategies: their page, and on the board and in the guide (left out otherwise).",
    )
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The last day it works (today or later); none: until revoked.",
    )
    password = serializers.CharField(
        max_length=MAX_PASSWORD_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        write_only=True,
        help_text="Visitors type it once per browser session; empty for none.",
    )


class ShareLinkFilters(FilterSet):
    journey = id_filter("Only this map's links.")
    lookups = {"journey": "journey_id"}


@extend_schema(tags=["share links"])
@extend_schema_view(
    list=extend_schema(parameters=[ShareLinkFilters], responses=list_responses(ShareLinkSerializer)),
    retrieve=extend_schema(responses=read_responses(ShareLinkSerializer)),
    create=extend_schema(
        description="Makes a read-only link to the map for people without an account. The answer's `url` "
        "carries the token: it is not given again.",
        request=ShareLinkCreateSerializer,
        responses=create_responses(ShareLinkSerializer),
    ),
)
class ShareLinkViewSet(MemberViewSet):
    """Read-only links to one map for people without an account: what each shows, until when, with or
    without a password, who made it and when it was last used."""

    serializer_class = ShareLinkSerializer
    filterset_class = ShareLinkFilters
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = ShareLink.objects.select_related("created_by").order_by("-created_at", "-id")
        return with_user_role(queryset, self.request.user, "journey__workspace")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(ShareLinkCreateSerializer))
        require_edit_role(data["journey"])
        link, token = share_link_create(created_by=request.user, **data)
        link = self.get_queryset().get(pk=link.pk)
        context = {**self.get_serializer_context(), "new_tokens": {link.pk: token}}
        return Response(ShareLinkSerializer(link, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        description="Revokes the link at once: it opens nothing from now on, and its guests' live boards "
        "close. Revoking a revoked link changes nothing.",
        request=None,
        responses=update_responses(ShareLinkSerializer, versioned=False),
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        link = share_link_revoke(link=self.get_object())
        return self.render(link)
