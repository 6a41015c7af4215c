"""Logging to a file, never to the terminal the app draws on.

Secrets are registered as they become known, and a filter masks each of them
in every record, whoever logged it (httpx included).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

MASK = "***"
_CREDENTIAL_HEADER = re.compile(
    r"(?i)(authsecret|authorization|secret|password)(['\"]?\s*[:=]\s*['\"]?)"
    r"(bearer\s+)?[^\s'\",}]+"
)


class SecretFilter(logging.Filter):
    """Masks registered secret values and anything shaped like a credential."""

    def __init__(self):
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, secret: str) -> None:
        if secret and len(secret) >= 4:
            self._secrets.add(secret)

    def mask(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return _CREDENTIAL_HEADER.sub(lambda m: m.group(1) + m.group(2) + MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.mask(record.getMessage())
        record.args = ()
        return True


secret_filter = SecretFilter()


def setup_logging(log_file: Path, *, debug: bool = False) -> None:
    """Send kamatui's (and its libraries') records to ``log_file`` only."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)

    try:
        log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()

    handler.addFilter(secret_filter)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)

    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.WARNING)
    if debug:
        logging.getLogger("httpcore").setLevel(logging.INFO)
