import threading
import time
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.db import connections

from live.broker import get_broker, reset_broker
from live.presence import reset_presence

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
            _OneThreadAsgi(shared), host="127.0.0.1", port=self.port, lifespan="off", log_level="warning",
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
# WSGI live_server cannot stream). `browser` and `demo_data` are the browser suite's.
from tests.browser.conftest import browser, demo_data  # noqa: E402,F401


@pytest.fixture
def live_login(browser, asgi_live_server):  # noqa: F811
    """Open a fresh browser context logged in as `username`; returns its page."""
    from journeys.management import demo_content as demo

    contexts = []

    def log_in(username: str, password: str = demo.DEMO_PASSWORD):
        context = browser.new_context(base_url=asgi_live_server.url, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{asgi_live_server.url}/")
        return page

    yield log_in
    for context in contexts:
        context.close()
