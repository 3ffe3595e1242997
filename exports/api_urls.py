"""Export and import endpoints, included by config/api_urls.py under /api/v1/.

`journeys/import/` must come before the journeys router's `journeys/{id}/`
(or that router must take only numeric ids), or "import" reads as an id.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, snapshot_api

app_name = "exports_api"

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>, so the schema types them
router.register("exports", api.ExportJobViewSet, basename="export")
router.register("imports", api.ImportJobViewSet, basename="import")
router.register("snapshots", snapshot_api.SnapshotViewSet, basename="snapshot")

urlpatterns = [
    path("journeys/import/", api.JourneyImportView.as_view(), name="journey-import"),
    path("journeys/compare/", api.MapCompareView.as_view(), name="journey-compare"),
    path("journeys/<int:pk>/duplicate/", api.MapDuplicateView.as_view(), name="journey-duplicate"),
    path("journeys/<int:pk>/plan-future/", api.MapPlanFutureView.as_view(), name="journey-plan-future"),
    *router.urls,
]
