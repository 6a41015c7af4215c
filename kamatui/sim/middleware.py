"""The ASGI layer in front of the routes: read the body once, log, inject faults.

Only ``/service`` requests pass through here; the ``/_sim`` control routes are
neither logged nor subject to faults, so a test can always reach them.
"""

import asyncio
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kamatui.sim import errors
from kamatui.sim.bodies import encoding_of, parse_fields
from kamatui.sim.faults import Fault

if TYPE_CHECKING:
    from kamatui.sim.simulator import Simulator

_HTML_PAGES = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised to cut a response short.

    Over a socket uvicorn answers an exception raised mid-response by closing
    the connection, which is the fault we want. In-process, through
    ``httpx.ASGITransport``, the exception reaches the client as is, so it is
    an httpx transport error: the same family a real dropped connection raises.
    """


@dataclass
class LoggedRequest:
    """One request as the simulator received it, for assertions on the wire.

    ``fault`` and ``status`` tell what became of it, so a test can tell a
    request the API acted on from one a fault or a 401 stopped at the door.
    """

    method: str
    path: str
    content_type: str
    fields: dict[str, Any]
    headers: dict[str, str] = field(repr=False)
    fault: str | None = None
    """The injected fault mode applied to it, if any."""
    status: int | None = None
    """The HTTP status answered; None while (or if never) answered."""

    @property
    def encoding(self) -> str:
        """json, form, multipart or none."""
        return encoding_of(self.content_type)


class SimMiddleware:
    """Reads and logs each API request, then serves it or applies a fault."""

    def __init__(self, app: ASGIApp, sim: "Simulator") -> None:
        self.app = app
        self.sim = sim

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/service"):
            await self.app(scope, receive, send)
            return

        raw = await _read_body(receive)
        request = Request(scope, _replay(raw, receive))
        fields = await parse_fields(request, raw)
        scope.setdefault("state", {})["fields"] = fields

        with self.sim.lock:
            fault = self.sim.faults.pick(scope["method"], scope["path"])
        entry = self._log(request, fields, fault)
        send = _noting_status(entry, send)

        inner_receive = _replay(raw, receive)
        if fault is None:
            await self.app(scope, inner_receive, send)
        else:
            await self._apply(fault, scope, inner_receive, send)

    def _log(
        self, request: Request, fields: dict[str, Any], fault: Fault | None
    ) -> LoggedRequest:
        entry = LoggedRequest(
            method=request.method,
            path=request.url.path,
            content_type=request.headers.get("content-type", ""),
            fields=dict(fields),
            headers=dict(request.headers),
            fault=fault.mode if fault else None,
        )
        self.sim.request_log.append(entry)
        return entry

    async def _apply(
        self, fault: Fault, scope: Scope, receive: Receive, send: Send
    ) -> None:
        mode = fault.mode
        if mode == "server_error":
            body = errors.error_body("error occurred", errors.GENERAL)
            await _send_json(send, 500, body)
        elif mode in ("bad_gateway", "unavailable"):
            await _send_html(send, 502 if mode == "bad_gateway" else 503)
        elif mode == "rate_limit":
            body = errors.error_body("Too many requests", errors.GENERAL)
            retry = [(b"retry-after", str(int(fault.delay)).encode())]
            await _send_json(send, 429, body, retry)
        elif mode in ("latency", "hang"):
            await asyncio.sleep(fault.delay)
            await self.app(scope, receive, send)
        elif mode == "gateway_timeout":
            await _capture(self.app, scope, receive)  # done, the answer lost
            await _send_html(send, 504)
        elif mode == "expire_token":
            self.sim.credentials.expire_all()
            await self.app(scope, receive, send)
        else:
            await self._cut_short(mode, scope, receive, send)

    async def _cut_short(
        self, mode: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Serve the request for real, then deliver only half of the answer."""
        start, body = await _capture(self.app, scope, receive)
        half = body[: len(body) // 2]

        if mode == "drop":
            await send(start)
            await send({"type": "http.response.body", "body": half, "more_body": True})
            raise DroppedConnection("simulated connection drop")

        broken = _unreadable(half)
        start["headers"] = _with_length(start["headers"], len(broken))
        await send(start)
        await send({"type": "http.response.body", "body": broken})


def _unreadable(half: bytes) -> bytes:
    """Half an answer, made sure not to read as JSON.

    Half of a bare number is still a number (a command id 17635771 becomes
    1763), which would hand the client a wrong id rather than a broken body;
    such a half gets an opening bracket that never closes.
    """
    try:
        json.loads(half)
    except ValueError:
        return half
    return b"[" + half


def _noting_status(entry: LoggedRequest, send: Send) -> Send:
    """A send that records the answer's status on the log entry."""

    async def noting(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry.status = message["status"]
        await send(message)

    return noting


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(raw: bytes, receive: Receive) -> Receive:
    """A receive that hands out the already-read body, then the real stream."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()

        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return replay


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[dict, bytes]:
    start: dict = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        else:
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start, b"".join(chunks)


def _with_length(headers: list, length: int) -> list:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())]


async def _send_json(send: Send, status: int, body: Any, extra: list = ()) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), *extra]
    await _send(send, status, payload, headers)


async def _send_html(send: Send, status: int) -> None:
    title = _HTML_PAGES[status]
    page = (
        f"<html><head><title>{title}</title></head><body>"
        f"<center><h1>{title}</h1></center><hr><center>nginx</center>"
        "</body></html>"
    )
    await _send(send, status, page.encode(), [(b"content-type", b"text/html")])


async def _send(send: Send, status: int, payload: bytes, headers: list) -> None:
    headers = _with_length(headers, len(payload))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
