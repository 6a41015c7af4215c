"""Reading an HTTP answer: its JSON, or the error it stands for.

The error is chosen from the API's ``errors`` body first and the HTTP status
second, because this API answers most refusals with a plain 500.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from .errors import (
    ApiError,
    ApiTimeout,
    AuthError,
    BadResponse,
    Busy,
    ConnectionFailed,
    GatewayFailed,
    NotFound,
    RateLimited,
    Refused,
    ResponseError,
    ServiceUnavailable,
    TransportError,
)
from .wire import clean_text

BUSY_MARKER = "existing operation"
GATEWAY_STATUSES = (502, 504)
"""Proxy pages that say nothing of whether the API took the request."""
AUTH_CODE = 1


def decode_json(response: httpx.Response) -> Any:
    """The body as JSON, or ``BadResponse`` naming what came instead."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        kind = response.headers.get("content-type", "").split(";")[0] or "no type"
        raise BadResponse(
            f"the answer (HTTP {response.status_code}, {kind}) is not valid JSON",
            status=response.status_code,
        ) from None


def error_for(response: httpx.Response) -> ApiError | None:
    """The error a response stands for, or None when it is a success."""
    status = response.status_code
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        body = None

    detail = _error_detail(body)
    if detail is None and 200 <= status < 300:
        return None

    if detail is not None:
        message, code = detail
        error = _classify(message, code, status)
        if isinstance(error, RateLimited):
            error.retry_after = _retry_after(response)
        return error

    return _from_status(response)


def _error_detail(body: Any) -> tuple[str, Any] | None:
    """The message and code in a native ``errors`` or a proxy ``message`` body."""
    if not isinstance(body, dict):
        return None

    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        parts, code = [], None
        for item in errors:
            if isinstance(item, dict):
                code = item.get("code") if code is None else code
                parts.append(clean_text(item.get("info") or "unknown error"))
            else:
                parts.append(clean_text(item))
        return "; ".join(parts), code

    if isinstance(body.get("error"), str):
        return clean_text(body["error"]), None

    message = body.get("message")
    if isinstance(message, str):
        try:
            nested = _error_detail(json.loads(message))
        except ValueError:
            nested = None
        return nested or (clean_text(message), None)

    return None


def _classify(message: str, code: Any, status: int) -> ApiError:
    if status == 401 or str(code) == str(AUTH_CODE):
        return AuthError(message, status=status, code=code)
    if BUSY_MARKER in message.lower():
        return Busy(message, status=status, code=code)
    if status == 404:
        return NotFound(message, status=status, code=code)
    if status == 429:
        return RateLimited(message, status=status, code=code)
    if status in (502, 503, 504):
        return ServiceUnavailable(message, status=status, code=code)
    return Refused(message, status=status, code=code)


def _from_status(response: httpx.Response) -> ApiError:
    status = response.status_code
    if status == 401:
        return AuthError("The API did not accept the credentials", status=status)
    if status == 404:
        return NotFound("The API has no such resource", status=status)
    if status == 429:
        return RateLimited(
            "The API asked us to slow down",
            status=status,
            retry_after=_retry_after(response),
        )
    if status in GATEWAY_STATUSES:
        return GatewayFailed(
            f"A gateway answered HTTP {status} in the API's place", status=status
        )
    if status == 503:
        return ServiceUnavailable(
            f"The service is unavailable (HTTP {status})", status=status
        )
    if 200 <= status < 300:
        return BadResponse("The API answered with an empty body", status=status)

    kind = response.headers.get("content-type", "").split(";")[0] or "no body"
    return ResponseError(f"The API answered HTTP {status} ({kind})", status=status)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def transport_error(exc: httpx.TransportError, what: str) -> TransportError:
    """Name what went wrong on the connection, without any of the request."""
    if isinstance(exc, httpx.ConnectTimeout):
        return ApiTimeout(f"{what}: could not connect in time", nothing_sent=True)
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeout(f"{what}: no answer in time")
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(f"{what}: could not connect", nothing_sent=True)
    return ConnectionFailed(f"{what}: the connection dropped")
