"""A file cache for the options catalog, which is large and slow to fetch.

The raw answer is kept rather than the parsed one, so a newer kamatui reads an
older cache file with its own parser. Each account and endpoint gets its own
file: private images and networks differ between accounts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

from ..files import write_private

log = logging.getLogger(__name__)

DEFAULT_TTL = 6 * 60 * 60.0


class CatalogCache:
    def __init__(self, directory: Path, *, ttl: float = DEFAULT_TTL):
        self.directory = directory
        self.ttl = ttl

    def path_for(self, base_url: str, client_id: str) -> Path:
        digest = hashlib.sha256(f"{base_url}\n{client_id}".encode()).hexdigest()[:16]
        return self.directory / f"server-options-{digest}.json"

    def load(self, base_url: str, client_id: str) -> Any | None:
        """The cached answer if it is younger than the time-to-live."""
        path = self.path_for(base_url, client_id)
        try:
            if time.time() - path.stat().st_mtime > self.ttl:
                return None
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable catalog cache %s: %s", path, exc)
            return None

    def forget(self, base_url: str, client_id: str) -> None:
        try:
            self.path_for(base_url, client_id).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the catalog cache: %s", exc)

    def store(self, base_url: str, client_id: str, payload: Any) -> None:
        """Write atomically; a cache that cannot be written is only logged."""
        path = self.path_for(base_url, client_id)
        try:
            write_private(path, json.dumps(payload))
        except OSError as exc:
            log.warning("could not write catalog cache %s: %s", path, exc)
