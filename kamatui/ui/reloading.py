"""Screens that read what they show again on the refresh timer."""

from __future__ import annotations

from textual.worker import Worker


class ReloadsItself:
    """Mixed into a screen whose ``_load`` worker reads what it shows.

    Loading again on every refresh tick lets a failed read heal by itself;
    a tick that comes while the last load is still on its way is skipped,
    so a read slower than the interval is never cancelled by the next.
    """

    _loader: Worker
    _refresh_seconds: float

    def _load(self) -> Worker:
        raise NotImplementedError

    def start_reloading(self) -> None:
        self._refresh_seconds = self.app.config.refresh_seconds
        self._loader = self._load()
        self.set_interval(self._refresh_seconds, self._reload_unless_busy)

    def _reload_unless_busy(self) -> None:
        if self._loader.is_finished:
            self._loader = self._load()
