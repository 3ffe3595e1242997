from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, but never on a server-sent event stream: compressing a stream holds each event back
    until enough of them fill the compressor's buffer, and a live board must see each one at once."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)
