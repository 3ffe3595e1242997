"""A cap on request bodies, before Django reads them: Django's ASGI handler spools a whole body to disk
before any middleware runs, so a 300 MB upload (or a 200 MB POST to the anonymous token endpoint) was
written out before the 20 MB check. Written by hand: a few dozen lines of ASGI, and neither uvicorn
nor Django has the setting."""

from django.conf import settings


def body_limit(scope) -> int:
    """File uploads (multipart) up to the import limit and a megabyte of form around it; any other body
    up to what Django reads into memory (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
    if content_type.startswith(b"multipart/form-data"):
        return settings.IMPORT_MAX_UPLOAD_BYTES + 2**20
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


async def _too_large(send) -> None:
    body = b"The request is too large."
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Answers 413 to a body past `body_limit`: at once when its Content-Length says so, else as soon as
    the bytes received pass it (the application then sees the client leave)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(send)
        received = 0
        over = False
        started = False

        async def limited_receive():
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message):
            nonlocal started
            if over and not started:
                return  # the 413 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, watched_send)
        if over and not started:
            await _too_large(send)
