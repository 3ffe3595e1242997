"""Request bodies are capped before Django reads them (finding 8 of the trust issue: a 300 MB upload and
an anonymous 200 MB POST to the token endpoint were spooled to disk first). Driven through the real
ASGI application, as uvicorn calls it."""

import asyncio

import pytest

from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def call(method: str, path: str, headers: list, chunks: list[bytes]):
    """One request: its status and how many body chunks the application read."""
    read = 0
    sent = []

    async def receive():
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}
        await asyncio.sleep(3600)  # the client waits for the answer

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(asyncio.wait_for(application(scope, receive, send), 30))
    start = next(message for message in sent if message["type"] == "http.response.start")
    return start["status"], read


def test_a_body_announced_too_large_is_refused_before_a_byte_is_read():
    status, read = call(
        "POST",
        "/api/v1/auth/token/",
        [(b"content-type", b"application/json"), (b"content-length", str(200 * 2**20).encode())],
        [b"x" * 2**16] * 10,
    )
    assert (status, read) == (413, 0)


def test_an_upload_past_the_import_limit_is_refused_before_it_is_spooled(settings):
    status, read = call(
        "POST",
        "/imports/new/",
        [(b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", str(300 * 2**20).encode())],
        [b"x" * 2**16],
    )
    assert (status, read) == (413, 0)


def test_a_body_without_a_length_is_cut_off_at_the_limit(settings):
    chunk = b"x" * 2**18  # 256 KB
    status, read = call("POST", "/api/v1/auth/token/", [(b"content-type", b"application/json")], [chunk] * 40)
    assert status == 413
    assert read == settings.DATA_UPLOAD_MAX_MEMORY_SIZE // len(chunk) + 1  # 10 MB sent, 2.75 MB read


def test_a_small_request_goes_through():
    status, _read = call("GET", "/accounts/login/", [], [b""])
    assert status == 200
