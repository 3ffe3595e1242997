import os
import threading
import time
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.management import call_command
from django.db import connections

from live.broker import get_broker, reset_broker
from live.presence import reset_presence

from .chromium import CHROMIUM, Chromium
from .http_client import free_port


@pytest.fixture(autouse=True)
def live_broker(settings):
    """A broker of the test's own: with REDIS_URL its keys carry a prefix no other test uses."""
    settings.LIVE_KEY_PREFIX = f"jb:test:{uuid.uuid4().hex[:12]}:"
    reset_broker()
    reset_presence()
    broker = get_broker()
    yield broker
    if hasattr(broker, "client"):
        keys = list(broker.client.scan_iter(match=settings.LIVE_KEY_PREFIX + "*"))
        if keys:
            broker.client.delete(*keys)
    reset_broker()
    reset_presence()


class _OneThreadAsgi:
    """Django's ASGI handler with all synchronous work on one thread (asgiref's
    single-thread executor, as without a per-request context). An in-memory SQLite
    test database can then be shared with that thread, as Django's live server does."""

    def __init__(self, shared_connection=None):
        self.handler = ASGIHandler()
        self.shared_connection = shared_connection
        self.shared = False

    def _share(self):
        connections["default"] = self.shared_connection

    async def __call__(self, scope, receive, send):
        if self.shared_connection is not None and not self.shared:
            await sync_to_async(self._share, thread_sensitive=True)()
            self.shared = True
        await self.handler.handle(scope, receive, send)


class AsgiLiveServer:
    """uvicorn serving the project on a thread of the test process, against the test database."""

    def __init__(self):
        import uvicorn

        connection = connections["default"]
        shared = None
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared = connection
        self.shared = shared
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            _OneThreadAsgi(shared),
            host="127.0.0.1",
            port=self.port,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)
        if self.shared is not None:
            self.shared.dec_thread_sharing()


@pytest.fixture
def asgi_live_server(transactional_db):
    server = AsgiLiveServer().start()
    yield server
    server.stop()


# Browser tests of live boards: real Chromium against the ASGI server above (the
# WSGI live_server cannot stream).
#
# Playwright's sync API allows one instance per thread, and the browser suite's
# session-wide `browser` (tests/browser/conftest.py, not visible from here) may be
# running in this one: see tests/live/chromium.py.


@pytest.fixture
def chromium(asgi_live_server, monkeypatch):
    """Chromium on the ASGI live server; use it in a test decorated with `in_own_thread`."""
    # Playwright's sync API keeps an event loop in its thread; the test's own ORM calls there are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    return Chromium(asgi_live_server.url)


@pytest.fixture
def demo_data(transactional_db, fast_password_hashing):
    call_command("seed_demo", verbosity=0)
