"""Live streams and the ASGI server's shutdown.

An event stream lasts minutes (LIVE_STREAM_MAX_SECONDS), and uvicorn waits for
open connections before it stops: Ctrl-C on `make run`, or `docker stop`, would
wait for every browser that has a board open. The first stream of a process
wraps the server's own SIGINT/SIGTERM handlers (installed by then): on either
signal the process's streams end at once (their browsers reconnect and catch up
on the next server), then the server's handler runs as before. Where the
server installed no handler, or the stream is not served on the main thread,
nothing changes.
"""

import signal
import threading

from .broker import get_broker


def end_streams_on_shutdown() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGINT, signal.SIGTERM):
        server_handler = signal.getsignal(signum)
        if getattr(server_handler, "ends_live_streams", False):
            continue  # wrapped already
        if not callable(server_handler) or server_handler is signal.default_int_handler:
            continue

        def handler(number, frame, server_handler=server_handler):
            try:
                get_broker().close_streams()
            finally:
                server_handler(number, frame)

        handler.ends_live_streams = True
        signal.signal(signum, handler)
