"""Words for snapshots: dates in local time, ages, and what a revert or a
delete will do to the tree. No Textual here, so it is tested on its own."""

from __future__ import annotations

from datetime import UTC, datetime

from ..api.resources import Snapshot

ELLIPSIS = "…"


def local_now() -> datetime:
    """Now, in the user's zone. Screenshots replace it to freeze ages."""
    return datetime.now(UTC).astimezone()


def taken_local(snapshot: Snapshot) -> datetime | None:
    """The snapshot's time in the user's zone.

    The API sends ``dd/mm/YYYY HH:MM:SS`` with no zone; it is read as UTC,
    the zone Kamatera's API reports its other timestamps in.
    """
    taken = snapshot.taken_at
    if taken is None:
        return None
    return taken.replace(tzinfo=UTC).astimezone()


def age(snapshot: Snapshot, now: datetime | None = None) -> str:
    taken = taken_local(snapshot)
    if taken is None:
        return "age unknown"
    now = now or local_now()
    seconds = max(0, int((now - taken).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"


def shorten(text: str, width: int) -> str:
    """Cut to ``width`` cells with an ellipsis; never wrap."""
    if width <= 1:
        return ELLIPSIS if text else ""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def label_parts(snapshot: Snapshot, width: int, now=None) -> tuple[str, str, str]:
    """Name (shortened to fit ``width``), local date, age."""
    taken = taken_local(snapshot)
    date = taken.strftime("%Y-%m-%d %H:%M") if taken else snapshot.date_text
    tail = f"  {date}  {age(snapshot, now)}"
    marker = "  ◀ you are here" if snapshot.active else ""
    room = max(8, width - len(tail) - len(marker))
    return shorten(snapshot.name, room), tail, marker


def everything(roots: tuple[Snapshot, ...]) -> list[Snapshot]:
    return [snapshot for root in roots for snapshot in root.walk()]


def path_to(roots: tuple[Snapshot, ...], wanted: int) -> list[Snapshot]:
    """The snapshots from a root down to ``wanted``, both included."""
    for root in roots:
        found = _path(root, wanted)
        if found:
            return found
    return []


def _path(node: Snapshot, wanted: int) -> list[Snapshot]:
    if node.id == wanted:
        return [node]
    for child in node.children:
        below = _path(child, wanted)
        if below:
            return [node, *below]
    return []


def revert_effects(roots: tuple[Snapshot, ...], target: Snapshot) -> list[str]:
    effects = [
        f"The server's disks go back to {target.name} as it was then.",
        "Everything written to them since is lost.",
        "The server may restart.",
    ]
    active = next((s for s in everything(roots) if s.active), None)
    if active is not None and active.id != target.id:
        on_branch = path_to(roots, active.id)
        kept = {s.id for s in path_to(roots, target.id)}
        leaving = [s.name for s in on_branch if s.id not in kept]
        if leaving:
            effects.append("No longer the active branch: " + ", ".join(leaving) + ".")
    return effects


def delete_effects(target: Snapshot) -> list[str]:
    effects = [f"{target.name} is deleted; the server itself is not changed."]
    if target.children:
        count = len(target.children)
        effects.append(
            f"Its {count} child snapshot{'s' if count > 1 else ''} move up to "
            "take its place."
        )
    if target.active:
        effects.append("It is the active snapshot: none will be active after.")
    return effects
