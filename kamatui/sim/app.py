"""The Starlette application: API routes under /service, controls under /_sim."""

import logging
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount

from kamatui.sim import errors
from kamatui.sim.endpoints import (
    configure,
    control,
    create,
    disks,
    hdlib,
    power,
    queue,
    servers,
    session,
    snapshots,
)
from kamatui.sim.middleware import DroppedConnection, SimMiddleware
from kamatui.sim.wire import crash_response

if TYPE_CHECKING:
    from kamatui.sim.simulator import Simulator

logger = logging.getLogger(__name__)

_SERVICE_ROUTES = [
    *session.ROUTES,
    *servers.ROUTES,
    *create.ROUTES,
    *power.ROUTES,
    *configure.ROUTES,
    *disks.ROUTES,
    *snapshots.ROUTES,
    *hdlib.ROUTES,
    *queue.ROUTES,
]


def build_app(sim: "Simulator") -> Starlette:
    app = Starlette(
        routes=[
            Mount("/service", routes=_SERVICE_ROUTES),
            Mount("/_sim", routes=control.ROUTES),
        ],
        middleware=[Middleware(SimMiddleware, sim=sim)],
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    app.state.sim = sim
    return app


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Unknown paths and methods answer in the API's error shape, not plain text."""
    body = errors.error_body(exc.detail or "Not Found", errors.NOT_FOUND)
    return JSONResponse(body, exc.status_code)


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, DroppedConnection):
        # A drop fault asked for this; its answer is half sent and the
        # connection closes, as meant. Only real bugs are loud.
        logger.debug("dropped the answer to %s %s", request.method, request.url.path)
    else:
        logger.error("simulator bug while serving %s", request.url.path, exc_info=exc)
    return crash_response()
