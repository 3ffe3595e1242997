"""How the app answers someone who tries too often: django-axes locks out log-ins (the page and the
API token endpoint) per account and per address; django-ratelimit limits sign-ups and invitation
links per address. Both answer 429 with Retry-After, a page for people and JSON for API clients."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import AnonRateThrottle

# How long a limited address waits (django-ratelimit's rates are per hour).
RATE_LIMIT_RETRY_SECONDS = 3600


def _too_many(request, *, message: str, retry_after: int) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to a log-in while its account or address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed log-ins for this account or from this address. Try again in %(minutes)d minute.",
        "Too many failed log-ins for this account or from this address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return _too_many(request, message=message, retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()))


def rate_limited(request, exception=None) -> HttpResponse:
    """RATELIMIT_VIEW: the answer to an address that signed up or opened invitation links too often."""
    message = _("Too many attempts from this address. Try again in an hour.")
    return _too_many(request, message=message, retry_after=RATE_LIMIT_RETRY_SECONDS)


class TokenThrottle(AnonRateThrottle):
    """The token endpoint's requests per address (API_TOKEN_RATE, read at each request; None: no limit),
    right answers included; wrong ones are locked out sooner by django-axes."""

    scope = "token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
