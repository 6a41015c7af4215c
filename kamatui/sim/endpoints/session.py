"""``POST /authenticate``: trade the API key for a bearer token."""

from starlette.routing import Route

from kamatui.sim import fields
from kamatui.sim.wire import Call, endpoint


def authenticate(call: Call) -> dict:
    """The doc's table spells the field ``Secret``; its example, ``secret``."""
    client_id = fields.text(call.fields, "clientId", default="")
    secret = fields.text(call.fields, "secret", default="") or fields.text(
        call.fields, "Secret", default=""
    )
    return call.sim.credentials.issue(client_id, secret)


ROUTES = [
    Route(
        "/authenticate", endpoint(authenticate, authenticated=False), methods=["POST"]
    ),
]
