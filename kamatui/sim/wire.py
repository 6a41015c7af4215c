"""How a route handler is called and how its result goes back on the wire.

Handlers are plain synchronous functions from a ``Call`` to a JSON value.
The wrapper settles the command queue against the clock first, checks
credentials, holds the simulator's lock so a test thread and the server
thread never interleave, and turns every refusal, and every bug, into
Kamatera's error body instead of a traceback page.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from kamatui.sim import errors
from kamatui.sim.model import Server

if TYPE_CHECKING:
    from kamatui.sim.simulator import Simulator

logger = logging.getLogger(__name__)


@dataclass
class Call:
    """One API request as a handler sees it."""

    sim: "Simulator"
    params: dict[str, Any]
    fields: dict[str, Any]
    now: float

    def server(self) -> Server:
        """The server named by the ``{id}`` in the path."""
        return self.sim.account.server(self.params["id"])

    def idle_server(self) -> Server:
        """The server, refused while another command on it still runs (Q12)."""
        server = self.server()
        if self.sim.engine.busy(server.id):
            raise errors.busy()

        return server

    def submit(
        self,
        server: Server,
        description: str,
        duration: float,
        steps: list[str],
        effect: Callable[[float], None] | None = None,
    ) -> int:
        """Queue a command on the server; its log ends with a closing line."""
        command = self.sim.engine.submit(
            self.now,
            description,
            server.id,
            server.name,
            duration,
            [*steps, "Done"],
            effect,
        )
        return command.id


Handler = Callable[[Call], Any]


def endpoint(handler: Handler, authenticated: bool = True):
    """Wrap a handler as a Starlette endpoint."""

    async def run(request: Request) -> JSONResponse:
        sim: Simulator = request.app.state.sim
        fields = request.scope.get("state", {}).get("fields", {})

        with sim.lock:
            now = sim.clock.now()
            sim.engine.settle(now)
            try:
                if authenticated:
                    sim.credentials.check(request.headers)
                result = handler(Call(sim, dict(request.path_params), fields, now))
            except errors.ApiError as refusal:
                return JSONResponse(refusal.body(), refusal.status)
            except Exception:
                logger.exception("simulator bug while serving %s", request.url.path)
                return crash_response()

        return JSONResponse(result)

    return run


def crash_response() -> JSONResponse:
    """What any unexpected failure looks like: the API's generic error."""
    return JSONResponse(errors.error_body("error occurred", errors.GENERAL), 500)
