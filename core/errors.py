"""The answer to an address that no view has (config/urls.py `handler404`): a page for people, and for
an API client the JSON the schema documents for a 404 (`{"detail": ...}`) — an id that is not a
number (`/api/v1/stages/abc/`) matches no route, so DRF never sees it."""

from django.http import HttpResponse, JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
