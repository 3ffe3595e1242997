"""Plain HTTP against a running server, for the live tests and benches: uvicorn in
a process of its own, a logged-in session, form posts with CSRF, and an SSE
reader on its own thread."""

import contextlib
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]

CSRF = "livetestcsrftoken000000000000000"  # 32 characters: Django accepts an unmasked secret


def session_cookie(user) -> str:
    """A session for `user` in the database, as a Cookie header value."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"


@dataclass
class Response:
    status: int
    headers: dict
    body: str


class Browserless:
    """A logged-in user talking HTTP to one server (base URL)."""

    def __init__(self, base_url: str, cookie: str, client_id: str = ""):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookie = cookie
        self.client_id = client_id

    def _headers(self, extra=None) -> dict:
        headers = {"Cookie": self.cookie, "HX-Request": "true"}
        if self.client_id:
            headers["X-Live-Client"] = self.client_id
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, data: dict | list | None = None, headers=None, timeout=30) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            body = None
            headers = self._headers(headers)
            if method == "POST":
                body = urlencode(data or {}, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["X-CSRFToken"] = CSRF
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Response(response.status, dict(response.getheaders()), response.read().decode())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> Response:
        return self.request("POST", path, data, **kwargs)

    def stream(self, path: str, headers=None) -> "EventStream":
        return EventStream(self.host, self.port, path, self._headers(headers))


class EventStream:
    """Reads server-sent events on a thread; `next()` waits for one."""

    def __init__(self, host, port, path, headers):
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.connection.request("GET", path, headers={**headers, "Accept": "text/event-stream"})
        self.socket = self.connection.sock  # the response may take it over; close() needs it
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.events: queue.Queue = queue.Queue()
        self.comments = 0
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        if self.status == 200:
            self.thread.start()

    def _read(self):
        event = {"event": "message", "data": [], "id": None}
        try:
            while not self.closed.is_set():
                line = self.response.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line == "":
                    if event["data"]:
                        self.events.put(
                            {
                                "event": event["event"],
                                "data": json.loads("\n".join(event["data"])),
                                "id": event["id"],
                                "received": time.perf_counter(),
                            }
                        )
                    event = {"event": "message", "data": [], "id": None}
                elif line.startswith(":"):
                    self.comments += 1
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "data":
                        event["data"].append(value)
                    elif name in ("event", "id"):
                        event[name] = value
        except (OSError, ValueError, AttributeError, http.client.HTTPException):  # closed under it
            pass
        finally:
            self.closed.set()

    def next(self, event: str | None = None, timeout: float = 5.0) -> dict:
        """The next event (of that name, skipping others); raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {event or 'event'} within {timeout} s")
            try:
                item = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event is None or item["event"] == event:
                return item

    def close(self):
        self.closed.set()
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # the server sees the browser go
        self.connection.close()
        self.thread.is_alive() and self.thread.join(timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses now (e.g. the test database)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"  # an absolute path: sqlite:////tmp/...
    credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class WebProcess:
    """`uvicorn config.asgi:application` in a process of its own, on this process's database."""

    def __init__(self, *, redis_url: str = "", env: dict | None = None, log=None, graceful_timeout: int | None = 1):
        """`log`: a file for the server's output (default: this process's stderr).
        `graceful_timeout`: uvicorn's --timeout-graceful-shutdown (None: wait as long as it takes)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "DEBUG": "0",
            **(env or {}),
        }
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        if graceful_timeout is not None:
            command += ["--timeout-graceful-shutdown", str(graceful_timeout)]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=environment, stdout=log, stderr=log)

    def wait_ready(self) -> "WebProcess":
        client = Browserless(self.url, "")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn on port {self.port} exited with {self.process.returncode}")
            try:
                if client.get("/healthz/", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"uvicorn on port {self.port} did not answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
