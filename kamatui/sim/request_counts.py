"""The request log counted by route, for benchmarks that run the simulator apart.

A benchmark with ``kamatui-sim`` in another process cannot read
``request_log``; ``GET /_sim/requests`` answers these counts instead. Requests
are grouped by method and route template (``GET /service/queue/{id}``), so
thousands of server ids fold into one line.
"""

import re
from collections import Counter
from collections.abc import Iterable

from starlette.routing import BaseRoute, Mount, Route

from kamatui.sim.middleware import LoggedRequest

Template = tuple[str, re.Pattern, frozenset[str]]
"""A route's template, a regex its paths match, and the methods it serves."""

NO_ROUTE = "(no route)"
"""The template counted for a path that no route serves."""


def route_templates(routes: Iterable[BaseRoute], prefix: str = "") -> list[Template]:
    """Every served route's template and a regex for it, mounts flattened."""
    found = []
    for route in routes:
        if isinstance(route, Mount):
            found += route_templates(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            template = prefix + route.path
            parts = re.split(r"\{[^}]*\}", template)
            regex = re.compile("[^/]+".join(re.escape(part) for part in parts) + "$")
            found.append((template, regex, frozenset(route.methods or ())))
    return found


def count_requests(
    log: Iterable[LoggedRequest],
    templates: list[Template],
    expand: str | None = None,
) -> dict:
    """Counts by ``"METHOD template"``; with ``expand``, that one's paths too."""
    by_route: Counter[str] = Counter()
    by_path: Counter[str] = Counter()
    known: dict[tuple[str, str], str] = {}
    for entry in log:
        key = (entry.method, entry.path)
        if key not in known:
            known[key] = f"{entry.method} {_template(*key, templates)}"
        route = known[key]
        by_route[route] += 1
        if route == expand:
            by_path[entry.path] += 1

    counts: dict = {"total": sum(by_route.values()), "by_route": dict(by_route)}
    if expand is not None:
        counts["by_path"] = dict(by_path)
    return counts


def _template(method: str, path: str, templates: list[Template]) -> str:
    """The template of the route that serves this request, as Starlette routes.

    A path served only for other methods still counts under its route's
    template, as the API answers it there (405).
    """
    served = [
        (template, methods)
        for template, regex, methods in templates
        if regex.match(path)
    ]
    for template, methods in served:
        if method in methods:
            return template
    return served[0][0] if served else NO_ROUTE
