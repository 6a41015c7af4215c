"""Checking an API base URL before anything is sent to it."""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_API_URL = "https://console.kamatera.com/service"

CLOUDCLI_PROXY_HOSTS = frozenset({"cloudcli.cloudwm.com"})


class UnusableApiUrl(ValueError):
    """The URL cannot be the native Kamatera API; the message says why."""


def check_api_url(url: str) -> str:
    """Return ``url`` without a trailing slash, or say why it is not usable."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnusableApiUrl(
            f"{url!r} is not an http(s) URL; expected something like {DEFAULT_API_URL}"
        )

    if parts.hostname.lower() in CLOUDCLI_PROXY_HOSTS:
        raise UnusableApiUrl(
            f"{parts.hostname} is the cloudcli proxy, which serves a different "
            "API under the same /service paths (its routes and answers differ "
            "from Kamatera's own). kamatui speaks the native API: use "
            f"{DEFAULT_API_URL}"
        )

    return url.strip().rstrip("/")
