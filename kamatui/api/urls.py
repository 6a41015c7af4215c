"""Checking an API base URL before any credential is sent to it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx

DEFAULT_API_URL = "https://console.kamatera.com/service"

CLOUDCLI_PROXY_HOSTS = frozenset({"cloudcli.cloudwm.com"})


class UnusableApiUrl(ValueError):
    """The URL cannot be the native Kamatera API; the message says why."""


def check_api_url(url: str) -> str:
    """Return ``url`` without a trailing slash, or say why it is not usable.

    The API key travels in every request's headers, so plain http is allowed
    only to this machine (a simulator), and a URL carrying its own user name
    or password is refused. So is a query string or fragment, which no
    request built on the base URL could carry correctly.
    """
    text = url.strip()
    shown = repr(text[:80])
    try:
        parts = urlsplit(text)
        port = parts.port
        httpx.URL(text)
    except (ValueError, httpx.InvalidURL) as exc:
        raise UnusableApiUrl(f"{shown} is not a valid URL ({exc})") from None

    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnusableApiUrl(
            f"{shown} is not an http(s) URL; expected something like {DEFAULT_API_URL}"
        )
    if any(ch.isspace() for ch in parts.netloc) or port == 0:
        raise UnusableApiUrl(f"{shown} has an unusable host or port")
    if parts.username or parts.password:
        raise UnusableApiUrl(
            "the URL holds a user name or password; the API key comes from the "
            "config file or the environment instead"
        )
    if "?" in text or "#" in text:
        # The API's paths go after the base URL, so a query string ends up
        # in the middle of every request's path (the API answers 307).
        base = repr(f"{parts.scheme}://{parts.netloc}{parts.path}"[:80])
        raise UnusableApiUrl(
            f"the URL has a query string or fragment; drop everything from the "
            f"'?' or '#' on and use {base}"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UnusableApiUrl(
            f"{shown} is plain http to another machine, which would send the API "
            "key unencrypted; use https (http is allowed only to 127.0.0.1, "
            "localhost or ::1)"
        )
    if parts.hostname.lower() in CLOUDCLI_PROXY_HOSTS:
        raise UnusableApiUrl(
            f"{parts.hostname} is the cloudcli proxy, which serves a different "
            "API under the same /service paths (its routes and answers differ "
            "from Kamatera's own). kamatui speaks the native API: use "
            f"{DEFAULT_API_URL}"
        )

    return text.rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def display_host(url: str) -> str:
    """Host and port of a checked URL, for naming an unnamed profile."""
    parts = urlsplit(url)
    host = parts.hostname or "api"
    return f"{host}:{parts.port}" if parts.port else host
