from asgiref.sync import iscoroutinefunction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.shortcuts import render
from django.utils.decorators import sync_and_async_middleware
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .errors import is_api, page_not_found


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, but never on a server-sent event stream: compressing a stream holds each event back
    until enough of them fill the compressor's buffer, and a live board must see each one at once."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)


def _nul_refusal(request) -> HttpResponse | None:
    # (JSON for API clients, as the schema documents for a 404 and a 400.)
    if "\x00" in request.path:
        return page_not_found(request, None) if is_api(request) else HttpResponseNotFound()
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        message = "A NUL byte is not allowed in a query."
        if is_api(request):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain")
    return None


@sync_and_async_middleware
def reject_nul_bytes_middleware(get_response):
    """A NUL byte in the address or its query answers 404 or 400 here: PostgreSQL refuses it in any text
    it is compared with (a DataError, so a 500), and no address of ours or value we read has one.
    (Sync and async: the live stream's views are async.)"""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            return _nul_refusal(request) or await get_response(request)

    else:

        def middleware(request):
            return _nul_refusal(request) or get_response(request)

    return middleware


class ServiceUnavailable(Exception):
    """Something the request needs is down for a moment (the job queue's broker): the request answers
    503 with a Retry-After, a page for people and JSON for API clients (ServiceUnavailableMiddleware)."""

    message: "str | Promise" = ""


class ServiceUnavailableMiddleware(MiddlewareMixin):
    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceUnavailable):
            return None
        message = str(exception.message or _("The service is unavailable for a moment. Try again shortly."))
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "30"
        return response
