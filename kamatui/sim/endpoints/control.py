"""Control routes under ``/_sim`` for tests that reach the simulator by socket.

They need no credentials and bypass fault injection and the request log:
    POST   /_sim/clock/advance  seconds=N              answers {"now": ...}
    GET    /_sim/faults                                answers {"rules", "modes"}
    POST   /_sim/faults         pattern, mode[, probability, times, delay]
    POST   /_sim/faults         pattern, script=[mode or null, ...] (JSON body)
    DELETE /_sim/faults                                clears every rule
    GET    /_sim/requests       [paths=METHOD TEMPLATE] answers {"total", "by_route"}
                                and, for the named route, {"by_path"}

``/_sim/requests`` counts the logged API requests by method and route
template (``GET /service/queue/{id}``), so a benchmark can count what an app
sent to a simulator in another process; ``paths`` also counts that route's
requests by path, one command or server id each.
"""

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kamatui.sim import errors, fields
from kamatui.sim.bodies import parse_fields
from kamatui.sim.faults import MODES
from kamatui.sim.request_counts import count_requests, route_templates


async def advance_clock(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    body = await _fields(request)
    try:
        seconds = float(body.get("seconds", 0))
        with sim.lock:
            sim.clock.advance(seconds)
    except (TypeError, ValueError) as problem:
        return _refuse(str(problem))

    return JSONResponse({"now": sim.clock.now()})


async def list_faults(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    rules = [asdict(rule) for rule in sim.faults.rules]
    return JSONResponse({"rules": rules, "modes": MODES})


async def add_fault(request: Request) -> JSONResponse:
    sim = request.app.state.sim
    body = await _fields(request)
    try:
        pattern = fields.text(body, "pattern", default="*")
        with sim.lock:
            if isinstance(body.get("script"), list):
                sim.faults.script(pattern, body["script"])
            else:
                sim.faults.set(
                    pattern,
                    fields.text(body, "mode"),
                    probability=float(body.get("probability", 1.0)),
                    times=_optional_int(body.get("times")),
                    delay=_optional_float(body.get("delay")),
                )
    except errors.ApiError as refusal:
        return JSONResponse(refusal.body(), refusal.status)
    except (TypeError, ValueError) as problem:
        return _refuse(str(problem))

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


def _optional_int(value: object) -> int | None:
    return None if value in (None, "") else int(value)


def _optional_float(value: object) -> float | None:
    return None if value in (None, "") else float(value)


def _refuse(info: str) -> JSONResponse:
    return JSONResponse(errors.error_body(info, errors.INVALID_VALUE), 400)


ROUTES = [
    Route("/clock/advance", advance_clock, methods=["POST"]),
    Route("/faults", list_faults, methods=["GET"]),
    Route("/faults", add_fault, methods=["POST"]),
    Route("/faults", clear_faults, methods=["DELETE"]),
    Route("/requests", request_counts, methods=["GET"]),
]
