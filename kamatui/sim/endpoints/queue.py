"""The command queue: one command, or the active and recent ones."""

from starlette.routing import Route

from kamatui.sim import errors, fields
from kamatui.sim.wire import Call, endpoint


def command(call: Call) -> dict:
    """One command; 404 while it is unknown or only just submitted (quirk Q11)."""
    command_id = fields.number(call.params, "id")
    found = call.sim.engine.visible(command_id, call.now)
    if found is None:
        raise errors.ApiError("command not found", errors.NOT_FOUND, status=404)

    return found.to_api(call.now)


def commands(call: Call) -> list[dict]:
    return [found.to_api(call.now) for found in call.sim.engine.recent(call.now)]


ROUTES = [
    Route("/queue", endpoint(commands), methods=["GET"]),
    Route("/queue/{id}", endpoint(command), methods=["GET"]),
]
