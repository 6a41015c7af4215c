"""Serving a simulator over a real socket, for loopback tests."""

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from kamatui.sim.middleware import DroppedConnection
from kamatui.sim.simulator import Simulator

_START_TIMEOUT = 10.0


class _QuietDrops(logging.Filter):
    """Keep uvicorn from printing a traceback for every injected drop, and
    for every injected hang it cancels when it shuts down."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, DroppedConnection | asyncio.CancelledError)


_QUIET_DROPS = _QuietDrops()
"""One shared instance, so adding it for every server adds it only once."""


def make_server(
    sim: Simulator, host: str, port: int, log_level: str = "warning"
) -> uvicorn.Server:
    """A uvicorn server for the simulator that shuts down within a second."""
    config = uvicorn.Config(
        sim.app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)
    return uvicorn.Server(config)


@contextmanager
def serve_in_thread(
    sim: Simulator, port: int = 0, host: str = "127.0.0.1"
) -> Iterator[str]:
    """Serve on loopback in a background thread and yield the service base URL."""
    server = make_server(sim, host, port)
    thread = threading.Thread(target=server.run, name="kamatui-sim", daemon=True)
    thread.start()

    try:
        _wait_started(server, thread)
        bound = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://{host}:{bound}/service"
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT)


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    waited = 0.0
    while not server.started:
        if not thread.is_alive() or waited > _START_TIMEOUT:
            raise RuntimeError("the simulator server did not start")
        thread.join(timeout=0.01)
        waited += 0.01
