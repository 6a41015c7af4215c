"""Turning a request body into fields, whatever encoding the client chose.

The doc says bodies are JSON, yet its own examples post form fields, some
while still sending ``Content-Type: application/json``. The simulator takes
JSON, form-urlencoded and multipart on every method, DELETE included, and
falls back from a JSON label to form parsing when the body is not JSON.
"""

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request


def encoding_of(content_type: str) -> str:
    """A short name for the body encoding: json, form, multipart or none."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        return "json"

    if kind == "application/x-www-form-urlencoded":
        return "form"

    if kind == "multipart/form-data":
        return "multipart"

    return "none"


async def parse_fields(request: Request, raw: bytes) -> dict[str, Any]:
    """The body's fields over the query string's (the body wins on a clash)."""
    fields: dict[str, Any] = dict(request.query_params)
    encoding = encoding_of(request.headers.get("content-type", ""))

    if encoding == "multipart":
        fields.update(await _multipart_fields(request))
        return fields

    if encoding == "form":
        fields.update(_form_fields(raw))
        return fields

    fields.update(_json_or_form(raw))
    return fields


def _json_or_form(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}

    try:
        decoded = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _form_fields(raw)

    return decoded if isinstance(decoded, dict) else {}


def _form_fields(raw: bytes) -> dict[str, str]:
    text = raw.decode("utf-8", errors="replace")
    return dict(parse_qsl(text, keep_blank_values=True))


async def _multipart_fields(request: Request) -> dict[str, str]:
    """A broken multipart body reads as no fields; the handler names what is missing."""
    try:
        form = await request.form()
    except Exception:
        return {}

    return {key: await _form_value(value) for key, value in form.items()}


async def _form_value(value: str | UploadFile) -> str:
    """Form parts are text; a part sent as a file is read as text too."""
    if isinstance(value, UploadFile):
        content = await value.read()
        return content.decode("utf-8", errors="replace")

    return value
