"""The REST API, mounted at /api/v1/ by config/urls.py.

Each app's viewsets live in its `api.py` and are registered on one router here.
Routes that are not plain resources (exports, imports) come from their app's
`api_urls.py` and are listed before the router, so `journeys/import/` is not
read as the detail of a journey. Strategies come with their read-only
`strategies/<id>/revisions/` and `strategies/<id>/retire/` (journeys/strategies/api.py).
"""

from importlib.util import find_spec

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from journeys.api import JourneyViewSet, StageViewSet
from journeys.strategies.api import StrategyViewSet
from personas.api import PersonaViewSet
from touchpoints.api import ChannelViewSet, TouchpointViewSet
from workspaces.api import TokenView, WorkspaceViewSet


def _module_exists(name: str) -> bool:
    """True if `name` can be imported (its parent package too)."""
    parent = name.rpartition(".")[0]
    return (not parent or find_spec(parent) is not None) and find_spec(name) is not None


router = DefaultRouter(use_regex_path=False)  # ids as <int:pk>, so the schema types them
router.include_format_suffixes = False  # JSON only: no `journeys.json` twins in the schema
router.register("workspaces", WorkspaceViewSet, basename="workspace")
router.register("personas", PersonaViewSet, basename="persona")
router.register("channels", ChannelViewSet, basename="channel")
router.register("journeys", JourneyViewSet, basename="journey")
router.register("stages", StageViewSet, basename="stage")
router.register("touchpoints", TouchpointViewSet, basename="touchpoint")
router.register("strategies", StrategyViewSet, basename="strategy")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
]
if _module_exists("exports.api_urls"):
    urlpatterns.append(path("", include("exports.api_urls")))
urlpatterns += router.urls
