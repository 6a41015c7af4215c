"""The server list as table rows: merging, filtering and sorting.

Summaries come from ``/servers`` on every refresh; details come one server at
a time and arrive later, so a row is rebuilt only when either of its parts
changed. Filtering runs on every keystroke, against a lower-cased text per
server computed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from rich.text import Text

from ..api.models import POWER_OFF, POWER_ON, ServerInfo, ServerSummary
from .server_filter import parse_filter
from .widgets.virtual_table import Column, Row

NAME_WIDTH_CAP = 48
"""Wider than almost any server name; on a wide terminal the other columns
stay beside the names instead of a hundred blank cells away."""

COLUMNS = (
    Column("name", "Name", min_width=12, max_width=NAME_WIDTH_CAP),
    Column("datacenter", "DC", width=6),
    Column("power", "Power", width=7),
    Column("cpu", "CPU", width=5, align="right"),
    Column("ram", "RAM", width=7, align="right"),
    Column("ip", "Public IP", width=15),
)
SORT_KEYS = tuple(column.key for column in COLUMNS)
SORT_LABELS = {column.key: column.label for column in COLUMNS}

POWER_STYLES = {POWER_ON: "green", POWER_OFF: "red"}
PLAIN_POWER_STYLES = {POWER_ON: "bold", POWER_OFF: ""}
"""Under NO_COLOR, colours turn into greys: red "off" became unreadable grey
on black. Without colour, the word alone tells, and "on" stands out bold."""
PENDING = Text("…", style="dim")


def format_ram(megabytes: int | None) -> str:
    if megabytes is None:
        return ""
    if megabytes >= 1024 and megabytes % 1024 == 0:
        return f"{megabytes // 1024} GB"
    if megabytes >= 1024:
        return f"{megabytes / 1024:.1f} GB"
    return f"{megabytes} MB"


class _Entry:
    """One server as listed. What only the filter reads is worked out the
    first time a filter asks, not for every server as the list arrives."""

    def __init__(self, summary: ServerSummary, info: ServerInfo | None, row: Row):
        self.summary = summary
        self.info = info
        self.row = row

    @cached_property
    def _ips(self) -> tuple[str, ...]:
        info = self.info
        return info.public_ips + info.private_ips if info else ()

    @cached_property
    def haystack(self) -> str:
        """Name, id, datacenter and addresses, lower-cased, for plain words."""
        summary = self.summary
        parts = (summary.name, summary.id, summary.datacenter, *self._ips)
        return " ".join(parts).lower()

    @cached_property
    def fields(self) -> dict[str, str]:
        """Lower-cased values for the filter's field terms."""
        summary, info = self.summary, self.info
        return {
            "name": summary.name.lower(),
            "id": summary.id.lower(),
            "dc": summary.datacenter.lower(),
            "power": summary.power.lower(),
            "cpu": str(info.cpu).lower() if info and info.cpu else "",
            "ip": " ".join(self._ips),
        }


class ServerRows:
    """The account's servers, merged with whatever details have arrived."""

    def __init__(self, *, colour: bool = True) -> None:
        self._power_styles = POWER_STYLES if colour else PLAIN_POWER_STYLES
        self._power_cells: dict[str, Text] = {}
        self._entries: dict[str, _Entry] = {}
        self._details: dict[str, ServerInfo] = {}
        self._order: tuple[tuple[str, bool], list[_Entry]] | None = None
        self._last_filter: tuple[list[_Entry], tuple[str, ...], list[_Entry]] | None
        self._last_filter = None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, server_id: str) -> bool:
        return server_id in self._entries

    def detail(self, server_id: str) -> ServerInfo | None:
        return self._details.get(server_id)

    def summary(self, server_id: str) -> ServerSummary | None:
        entry = self._entries.get(server_id)
        return entry.summary if entry else None

    def summaries(self) -> list[ServerSummary]:
        return [entry.summary for entry in self._entries.values()]

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

        gone = self._entries.keys() - fresh.keys()
        for server_id in gone:
            self._details.pop(server_id, None)
        if changed or gone or len(fresh) != len(self._entries):
            self._changed()
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
        self._changed()
        return True

    def rows(self, query: str = "", sort_key: str = "name", reverse: bool = False):
        """Rows matching ``query`` (see ``server_filter``), sorted by a column.

        The sorted order is kept until the data changes, and plain words that
        extend the previous query narrow its result instead of starting over,
        so typing in the filter costs little even with thousands of servers.

        Raises:
            FilterError: the query cannot be understood.
        """
        ordered = self._sorted(sort_key, reverse)
        wanted = parse_filter(query)
        words = wanted.plain_words
        if words is None:
            self._last_filter = None
            return [e.row for e in wanted.select(ordered, lambda e: e.fields)]

        base = ordered
        if self._last_filter is not None:
            last_order, last_words, last_result = self._last_filter
            if last_order is ordered and _narrows(last_words, words):
                base = last_result

        result = base
        for word in words:
            result = [entry for entry in result if word in entry.haystack]
        self._last_filter = (ordered, words, result)
        return [entry.row for entry in result]

    def _sorted(self, sort_key: str, reverse: bool) -> list[_Entry]:
        if self._order is not None and self._order[0] == (sort_key, reverse):
            return self._order[1]

        entries = sorted(self._entries.values(), key=_name_key)
        if sort_key != "name":
            values = {id(e): _sort_value(e, sort_key) for e in entries}
            known = [e for e in entries if values[id(e)] is not None]
            unknown = [e for e in entries if values[id(e)] is None]
            known.sort(key=lambda e: values[id(e)], reverse=reverse)
            entries = known + unknown
        elif reverse:
            entries.reverse()
        self._order = ((sort_key, reverse), entries)
        return entries

    def _changed(self) -> None:
        self._order = None
        self._last_filter = None

    def _build(self, summary: ServerSummary, info: ServerInfo | None) -> _Entry:
        # Names are plain strings (the table draws a str cell as it is
        # written) and a power state's styled cell is shared: the table
        # copies a cell before cutting it to width. Thousands of rows arrive
        # at once, so each object saved counts.
        power = self._power_cell(summary.power)
        if info is None:
            cells = (summary.name, summary.datacenter, power, PENDING, PENDING, "")
        else:
            cells = (
                summary.name,
                summary.datacenter,
                power,
                str(info.cpu or ""),
                format_ram(info.ram_mb),
                info.public_ips[0] if info.public_ips else "",
            )
        return _Entry(summary, info, Row(summary.id, cells))

    def _power_cell(self, power: str) -> Text:
        cell = self._power_cells.get(power)
        if cell is None:
            cell = Text(power, style=self._power_styles.get(power, "italic"))
            self._power_cells[power] = cell
        return cell


def _name_key(entry: _Entry) -> str:
    return entry.summary.name.lower()


def _narrows(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """True when every match of ``after`` is also a match of ``before``."""
    if len(after) < len(before):
        return False
    return all(new.find(old) >= 0 for old, new in zip(before, after, strict=False))


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
    return tuple(int(p) if p.isascii() and p.isdigit() else 0 for p in parts)
