"""Control routes under ``/_sim`` for tests that reach the simulator by socket.

They need no credentials and bypass fault injection and the request log:
    POST   /_sim/clock/advance  seconds=N              answers {"now": ...}
    GET    /_sim/faults                                answers {"rules", "modes"}
    POST   /_sim/faults         pattern, mode[, probability, times, delay]
    POST   /_sim/faults         pattern, script=[mode or null, ...] (JSON body)
    DELETE /_sim/faults                                clears every rule
    GET    /_sim/requests       [paths=METHOD TEMPLATE] answers {"total", "by_route"}
                                and, for the named route, {"by_path"}

A value that cannot be used is answered with HTTP 400 and the API's error
body, its entry also naming the ``field``; nothing changes.

``/_sim/requests`` counts the logged API requests by method and route
template (``GET /service/queue/{id}``), so a benchmark can count what an app
sent to a simulator in another process; ``paths`` also counts that route's
requests by path, one command or server id each.
"""

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kamatui.sim import errors
from kamatui.sim.bodies import parse_fields
from kamatui.sim.faults import MODES
from kamatui.sim.request_counts import count_requests, route_templates


async def advance_clock(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    body = await _fields(request)
    try:
        seconds = _number(body, "seconds", 0.0)
        with sim.lock:
            sim.clock.advance(seconds)
    except errors.BadField as problem:
        return _refuse(str(problem), problem.field)

    return JSONResponse({"now": sim.clock.now()})


async def list_faults(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    rules = [asdict(rule) for rule in sim.faults.rules]
    return JSONResponse({"rules": rules, "modes": MODES})


async def add_fault(request: Request) -> JSONResponse:
    """Every field is checked before the rule is set, so a bad one is a 400
    naming the field, never a rule that breaks ``GET /_sim/faults`` later."""
    sim = request.app.state.sim
    body = await _fields(request)
    try:
        pattern = body.get("pattern", "*")
        if isinstance(body.get("script"), list):
            with sim.lock:
                sim.faults.script(pattern, body["script"])
        else:
            mode = body.get("mode")
            if mode in (None, ""):
                raise errors.BadField(
                    "mode", f"is required; choose from {', '.join(MODES)}"
                )
            probability = _number(body, "probability", 1.0)
            times = _whole(body, "times")
            delay = _number(body, "delay", None)
            with sim.lock:
                sim.faults.set(pattern, mode, probability, times, delay)
    except errors.BadField as problem:
        return _refuse(str(problem), problem.field)

    return JSONResponse({"ok": True})


async def clear_faults(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    with sim.lock:
        sim.faults.clear()

    return JSONResponse({"ok": True})


async def request_counts(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    templates = route_templates(request.app.routes)
    expand = request.query_params.get("paths")
    return JSONResponse(count_requests(list(sim.request_log), templates, expand))


async def _fields(request: Request) -> dict:
    return await parse_fields(request, await request.body())


def _number(body: dict, key: str, default: float | None) -> float | None:
    """A number sent as JSON or as form text; the range is checked by its user."""
    value = body.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            return float(value)
        except ValueError:
            pass
    raise errors.BadField(key, f"must be a number, not {value!r}")


def _whole(body: dict, key: str) -> int | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return int(value)
        except ValueError:
            pass
    raise errors.BadField(key, f"must be a whole number, not {value!r}")


def _refuse(info: str, field: str) -> JSONResponse:
    """The API's error shape, plus the field, for a control request."""
    body = errors.error_body(info, errors.INVALID_VALUE)
    body["errors"][0]["field"] = field
    return JSONResponse(body, 400)


ROUTES = [
    Route("/clock/advance", advance_clock, methods=["POST"]),
    Route("/faults", list_faults, methods=["GET"]),
    Route("/faults", add_fault, methods=["POST"]),
    Route("/faults", clear_faults, methods=["DELETE"]),
    Route("/requests", request_counts, methods=["GET"]),
]
