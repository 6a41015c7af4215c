"""Power changes and termination."""

from starlette.routing import Route

from kamatui.sim import errors, fields, timings
from kamatui.sim.engine import CommandFailed
from kamatui.sim.model import Server
from kamatui.sim.wire import Call, endpoint

_POWER = {
    "on": ("Power On Server", timings.POWER_ON),
    "off": ("Power Off Server", timings.POWER_OFF),
    "restart": ("Restart Server", timings.RESTART),
}


def power(call: Call) -> int:
    """Answers with a bare command id; the state changes when the command ends."""
    server = call.server()
    wanted = fields.text(call.fields, "power").strip().lower()
    if wanted not in _POWER:
        raise errors.ApiError(
            f"Invalid power state '{wanted}'; use on, off or restart."
        )

    server = call.idle_server()
    description, duration = _POWER[wanted]
    steps = [f"{description}: {server.name}", "Sending request to hypervisor"]
    return call.submit(
        server, description, duration, steps, _power_effect(server, wanted)
    )


def _power_effect(server: Server, wanted: str):
    def apply(_finished: float) -> None:
        if wanted == "restart":
            if server.power != "on":
                raise CommandFailed("Server is powered off, it cannot be restarted")
            return

        server.power = wanted

    return apply


def terminate(call: Call) -> int:
    """``confirm=1`` always, and ``force=1`` too while the server is on (Q16)."""
    server = call.server()
    if not fields.flag(call.fields, "confirm"):
        raise errors.ApiError("Terminate must be confirmed with confirm=1.")

    if server.power == "on" and not fields.flag(call.fields, "force"):
        raise errors.ApiError(
            "Server is powered on; power it off first or terminate with force=1."
        )

    server = call.idle_server()
    steps = [f"Terminate server: {server.name}", "Powering off", "Deleting disks"]

    def apply(_finished: float) -> None:
        call.sim.account.remove_server(server)

    return call.submit(server, "Terminate Server", timings.TERMINATE, steps, apply)


ROUTES = [
    Route("/server/{id}/power", endpoint(power), methods=["PUT"]),
    Route("/server/{id}/terminate", endpoint(terminate), methods=["DELETE"]),
]
