"""The server list as table rows: merging, filtering and sorting.

Summaries come from ``/servers`` on every refresh; details come one server at
a time and arrive later, so a row is rebuilt only when either of its parts
changed. Filtering runs on every keystroke, against a lower-cased text per
server computed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text

from ..api.models import POWER_OFF, POWER_ON, ServerInfo, ServerSummary
from .widgets.virtual_table import Column, Row

COLUMNS = (
    Column("name", "Name", min_width=12),
    Column("datacenter", "DC", width=6),
    Column("power", "Power", width=5),
    Column("cpu", "CPU", width=4, align="right"),
    Column("ram", "RAM", width=7, align="right"),
    Column("ip", "Public IP", width=15),
)
SORT_KEYS = tuple(column.key for column in COLUMNS)
SORT_LABELS = {column.key: column.label for column in COLUMNS}

POWER_STYLES = {POWER_ON: "green", POWER_OFF: "red"}
PENDING = Text("…", style="dim")


def format_ram(megabytes: int | None) -> str:
    if megabytes is None:
        return ""
    if megabytes >= 1024 and megabytes % 1024 == 0:
        return f"{megabytes // 1024} GB"
    if megabytes >= 1024:
        return f"{megabytes / 1024:.1f} GB"
    return f"{megabytes} MB"


@dataclass(frozen=True, slots=True)
class _Entry:
    summary: ServerSummary
    info: ServerInfo | None
    row: Row
    haystack: str


class ServerRows:
    """The account's servers, merged with whatever details have arrived."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._details: dict[str, ServerInfo] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, server_id: str) -> bool:
        return server_id in self._entries

    def summary(self, server_id: str) -> ServerSummary | None:
        entry = self._entries.get(server_id)
        return entry.summary if entry else None

    def set_summaries(self, summaries: Iterable[ServerSummary]) -> set[str]:
        """Take a fresh server list; return ids whose list data changed."""
        fresh: dict[str, _Entry] = {}
        changed = set()
        for summary in summaries:
            old = self._entries.get(summary.id)
            if old is not None and old.summary == summary:
                fresh[summary.id] = old
                continue
            if old is not None:
                changed.add(summary.id)
            fresh[summary.id] = self._build(summary, self._details.get(summary.id))

        for gone in self._entries.keys() - fresh.keys():
            self._details.pop(gone, None)
        self._entries = fresh
        return changed

    def set_detail(self, info: ServerInfo) -> bool:
        """Merge one server's details; False when it changed nothing.

        Name and power stay as the list says: it is fetched more often.
        """
        self._details[info.id] = info
        entry = self._entries.get(info.id)
        if entry is None or entry.info == info:
            return False

        self._entries[info.id] = self._build(entry.summary, info)
        return True

    def rows(self, query: str = "", sort_key: str = "name", reverse: bool = False):
        """Rows matching ``query`` (every word, anywhere), sorted by a column."""
        words = query.lower().split()
        entries = [
            entry
            for entry in self._entries.values()
            if all(word in entry.haystack for word in words)
        ]
        entries.sort(key=lambda entry: entry.summary.name.lower())
        if sort_key != "name":
            known = [e for e in entries if _sort_value(e, sort_key) is not None]
            unknown = [e for e in entries if _sort_value(e, sort_key) is None]
            known.sort(key=lambda e: _sort_value(e, sort_key), reverse=reverse)
            entries = known + unknown
        elif reverse:
            entries.reverse()
        return [entry.row for entry in entries]

    def _build(self, summary: ServerSummary, info: ServerInfo | None) -> _Entry:
        power = Text(summary.power, style=POWER_STYLES.get(summary.power, "yellow"))
        if info is None:
            cells = (
                Text(summary.name),
                summary.datacenter,
                power,
                PENDING,
                PENDING,
                "",
            )
            ips = ()
        else:
            ips = info.public_ips + info.private_ips
            cells = (
                Text(summary.name),
                summary.datacenter,
                power,
                str(info.cpu or ""),
                format_ram(info.ram_mb),
                info.public_ips[0] if info.public_ips else "",
            )
        haystack = " ".join((summary.name, summary.id, summary.datacenter, *ips))
        return _Entry(summary, info, Row(summary.id, cells), haystack.lower())


def _sort_value(entry: _Entry, key: str):
    summary, info = entry.summary, entry.info
    if key == "datacenter":
        return summary.datacenter
    if key == "power":
        return summary.power
    if info is None:
        return None
    if key == "cpu":
        return (info.cpu.cores, info.cpu.type) if info.cpu else None
    if key == "ram":
        return info.ram_mb
    if key == "ip":
        return _ip_key(info.public_ips[0]) if info.public_ips else None
    return summary.name.lower()


def _ip_key(ip: str) -> tuple:
    parts = ip.split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts)
