"""Admin pages of models that moved to apps of their own keep answering at their old addresses."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import re_path

MOVED = {
    ("journeys", "strategy"): "strategies",
    ("journeys", "strategyrevision"): "strategies",
    ("journeys", "stagereview"): "guide",
    ("journeys", "stageread"): "guide",
    ("journeys", "boardactivity"): "activity",
    ("touchpoints", "channel"): "channels",
}


def moved_admin_page(request, app, model, rest):
    new_app = MOVED.get((app, model))
    if new_app is None:
        raise Http404
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    return HttpResponsePermanentRedirect(f"/admin/{new_app}/{model}/{rest}{query}")


urlpatterns = [
    re_path(r"^admin/(?P<app>journeys|touchpoints)/(?P<model>[a-z]+)/(?P<rest>.*)$", moved_admin_page),
]
