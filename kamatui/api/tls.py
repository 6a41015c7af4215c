"""The TLS context, built on a thread while the rest of kamatui starts.

Loading the certificate bundle takes about 35 ms, and OpenSSL does it without
holding Python's interpreter lock: on a thread of its own it overlaps the
import of the UI instead of adding to the wait for the first screen.
"""

from __future__ import annotations

import ssl
from concurrent.futures import Future, ThreadPoolExecutor

import httpx


def start_tls_context() -> Future[ssl.SSLContext]:
    """Begin building the context httpx would build (certifi's bundle, or
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``); ``result()`` waits for it."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kamatui-tls")
    future = executor.submit(httpx.create_ssl_context)
    executor.shutdown(wait=False)
    return future
