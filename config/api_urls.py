"""The REST API, mounted at /api/v1/ by config/urls.py.

Each app's viewsets live in its `api.py` and are registered on one router here.
Routes that are not plain resources (exports, imports) come from their app's
`api_urls.py` and are listed before the router, so `journeys/import/` is not
read as the detail of a journey. Strategies come with their read-only
`strategies/<id>/revisions/` and `strategies/<id>/retire/` (strategies/api.py).
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from boards.api import JourneyViewSet, LaneViewSet
from channels.api import ChannelViewSet
from evidence.api import CardConfidenceView, EvidenceViewSet
from journeys.api import StageViewSet
from metrics.api import ChannelReportView, MetricViewSet, ReadingViewSet
from opportunities.api import OpportunityViewSet
from personas.api import PersonaViewSet
from search.api import SearchView
from sharing.api import ShareLinkViewSet
from strategies.api import StrategyViewSet
from touchpoints.api import TouchpointViewSet
from trash.api import TrashEntryViewSet
from workspaces.api import TokenRevokeView, TokenView, WorkspaceViewSet

router = DefaultRouter(use_regex_path=False)  # ids as <int:pk>, so the schema types them
router.include_format_suffixes = False  # JSON only: no `journeys.json` twins in the schema
router.register("workspaces", WorkspaceViewSet, basename="workspace")
router.register("personas", PersonaViewSet, basename="persona")
router.register("channels", ChannelViewSet, basename="channel")
router.register("journeys", JourneyViewSet, basename="journey")
router.register("stages", StageViewSet, basename="stage")
router.register("lanes", LaneViewSet, basename="lane")
router.register("touchpoints", TouchpointViewSet, basename="touchpoint")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("metrics", MetricViewSet, basename="metric")
router.register("readings", ReadingViewSet, basename="reading")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("share-links", ShareLinkViewSet, basename="share-link")
router.register("trash", TrashEntryViewSet, basename="trash")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("", include("exports.api_urls")),
    path("", include("backups.api_urls")),
    path("channel-report/", ChannelReportView.as_view(), name="api-channel-report"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("touchpoints/<int:pk>/confidence/", CardConfidenceView.as_view(), name="api-card-confidence"),
    *router.urls,
]
