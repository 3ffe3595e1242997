"""How the app answers someone who tries too often: django-axes locks out log-ins (the page and the
API token endpoint) per account and per address; django-allauth limits sign-ups, password resets and
e-mail changes; django-ratelimit limits invitation links per address. All answer 429 with Retry-After,
a page for people and JSON for API clients."""

from django.conf import settings
from django.contrib.auth import get_user_model
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


# How long an address limited by django-allauth is asked to wait (its limits run from a minute to an hour).
ACCOUNT_RETRY_SECONDS = 300


def login_identifier(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the account a log-in is for, whichever form sent it: allauth's log-in page
    ("login": a username or an e-mail address), the API token endpoint and the admin ("username"). An
    address is counted as its account's username, so that trying both does not double the attempts."""
    credentials = credentials or {}
    identifier = credentials.get("username") or credentials.get("email")
    if not identifier and request is not None and request.method == "POST":
        identifier = request.POST.get("login") or request.POST.get("username")
    identifier = (identifier or "").strip()[:254]
    if "@" in identifier:
        owner = get_user_model().objects.filter(email__iexact=identifier).values_list("username", flat=True)
        identifier = owner.first() or identifier
    return identifier.lower()


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


def too_many_attempts(request, exception=None) -> HttpResponse:
    """handler429 (django-allauth's rate limits): sign-ups, password resets, e-mail and password changes."""
    message = _("Too many attempts. Wait a few minutes and try again.")
    return _too_many(request, message=message, retry_after=ACCOUNT_RETRY_SECONDS)


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
