from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .health import healthz

# An address no route matches: our page, or for /api/ the JSON the schema documents for a 404.
handler404 = "core.errors.page_not_found"

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("config.moved_admin")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # (The split view serves Swagger UI's set-up as a script of its own: no inline script, as the CSP asks.)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("journeys.urls")),
    path("", include("boards.urls")),
    path("", include("channels.urls")),
    path("", include("personas.urls")),
    path("", include("workspaces.urls")),
    path("", include("trash.urls")),
    path("", include("exports.urls")),
    path("", include("strategies.urls")),
    path("", include("metrics.urls")),
    path("", include("evidence.urls")),
    path("", include("opportunities.urls")),
    path("", include("guide.urls")),
    path("", include("activity.urls")),
    path("", include("comments.urls")),
    path("", include("search.urls")),
    path("", include("backups.urls")),
    path("", include("sharing.urls")),
]

handler429 = "core.security.too_many_attempts"  # django-allauth's rate limits
