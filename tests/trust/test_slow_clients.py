"""Slow and idle clients (finding 14 of the trust issue). uvicorn waits for ever on a connection that
sends nothing or its headers a byte at a time, so production runs behind the nginx of
docker-compose.yml: its configuration (deploy/nginx/journeyboard.conf.template), rendered as the nginx
image renders it, is run here in front of a stand-in upstream and must time such clients out."""

import http.server
import shutil
import socket
import string
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "journeyboard.conf.template"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
HEADER_TIMEOUT = 10  # client_header_timeout in the template


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Upstream(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx is not installed (.ci/run installs nginx-light)")
    root = tmp_path_factory.mktemp("nginx")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    rendered = string.Template(TEMPLATE.read_text()).safe_substitute(
        JOURNEYBOARD_UPSTREAM=f"127.0.0.1:{upstream.server_address[1]}", JOURNEYBOARD_LISTEN=f"127.0.0.1:{port}"
    )
    (root / "journeyboard.conf").write_text(rendered)
    temp = {name: root / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir()
    (root / "nginx.conf").write_text(
        f"""
        worker_processes 1;
        pid {root}/nginx.pid;
        error_log {root}/error.log;
        daemon off;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {temp["body"]};
            proxy_temp_path {temp["proxy"]};
            fastcgi_temp_path {temp["fastcgi"]};
            uwsgi_temp_path {temp["uwsgi"]};
            scgi_temp_path {temp["scgi"]};
            include {root}/journeyboard.conf;
        }}
        """
    )
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)
    upstream.shutdown()


def seconds_until_closed(port: int, first: bytes, *, drip: bytes = b"") -> float:
    """Connect, send `first`, then a byte of `drip` a second; how long until the proxy closes it."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(1)
        if first:
            sock.sendall(first)
        for byte in drip or b"\0" * 60:
            try:
                if sock.recv(1024) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                pass
            except OSError:
                return time.monotonic() - started
            if drip:
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return time.monotonic() - started
    return float("inf")


def test_a_request_goes_through(proxy):
    with socket.create_connection(("127.0.0.1", proxy), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")


def test_idle_and_dripping_clients_are_timed_out(proxy):
    with ThreadPoolExecutor(3) as pool:
        idle = pool.submit(seconds_until_closed, proxy, b"")
        partial = pool.submit(seconds_until_closed, proxy, b"GET / HTTP/1.1\r\nHost: example.org\r\n")
        dripping = pool.submit(seconds_until_closed, proxy, b"GET / HTTP/1.1\r\n", drip=b"X-Slow: " + b"a" * 50)
        for future in (idle, partial, dripping):
            assert future.result() <= HEADER_TIMEOUT + 3  # (uvicorn alone: still open after a minute)


def test_a_body_past_the_limit_is_refused_at_once(proxy):
    with socket.create_connection(("127.0.0.1", proxy), timeout=5) as sock:
        sock.sendall(b"POST /imports/new/ HTTP/1.1\r\nHost: example.org\r\nContent-Length: 300000000\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 413")
