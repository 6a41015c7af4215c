"""A stretch of the ledger as a Markdown timeline for an incident channel.

Oldest first, one bullet per action, every time in UTC. Everything that came
from the API or the user (names, ids, parameters, error text) goes in code
spans: chat tools show it literally there, so a server name cannot turn into
a mention, a link or formatting. Imports no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .api.wire import clean_text
from .ledger import SENDING, SENT, Action

MAX_VALUE_CHARS = 60
"""Longer parameter values (an SSH key) are cut: the ledger has them whole."""


@dataclass(frozen=True, slots=True)
class Period:
    key: str
    label: str
    """Reads after "in": "in the last hour"."""
    span: timedelta | None = None
    """How far back from now; None for no limit."""
    session_only: bool = False


PERIODS = (
    Period("session", "this session", session_only=True),
    Period("hour", "the last hour", timedelta(hours=1)),
    Period("day", "the last 24 hours", timedelta(hours=24)),
    Period("all", "everything recorded"),
)
BY_KEY = {period.key: period for period in PERIODS}


def in_period(
    actions: Iterable[Action],
    period: Period,
    *,
    now: datetime,
    profile: str,
    session: str,
) -> list[Action]:
    """The profile's actions in the period, oldest first.

    ``actions`` come newest first, as the ledger reads them. Times are kept
    to the second, so the actions of one bulk change share a time: turning
    the list round before the (stable) sort keeps them in the order sent.
    """
    chosen = [
        action
        for action in actions
        if action.profile == profile
        and (not period.session_only or action.session == session)
        and (period.span is None or action.at >= now - period.span)
    ]
    return sorted(reversed(chosen), key=lambda action: action.at)


def markdown_timeline(
    actions: list[Action], period: Period, *, profile: str, now: datetime
) -> str:
    """Heading, one line on the span, then a bullet per action."""
    heading = f"### kamatui actions: profile {code(profile)}, {period.label}"
    count = f"{len(actions)} action{'' if len(actions) == 1 else 's'}"
    if actions:
        span = f"from {_utc(actions[0].at)} to {_utc(actions[-1].at)}"
    else:
        span = "none"
    summary = f"{count}, {span}; written at {_utc(now)}."
    bullets = [bullet(action) for action in actions]
    return "\n".join([heading, "", summary, "", *bullets]) + "\n"


def bullet(action: Action) -> str:
    """``- <time> UTC: <operation> on <server>, <parameters>, <command>: <end>``."""
    parts = [f"- {_utc(action.at)}: {action.operation}, {server_text(action)}"]
    if action.parameters:
        shown = ", ".join(
            f"{key}={_short(value)}" for key, value in action.parameters.items()
        )
        parts.append(code(shown))
    if action.command_id is not None:
        parts.append(f"command {action.command_id}")
    return ", ".join(parts) + f": {outcome_text(action)}"


def server_text(action: Action) -> str:
    name = code(action.server_name or "?")
    return f"{name} (id {code(action.server_id)})" if action.server_id else name


OUTCOME_WORDS = {
    SENT: "still running",
    SENDING: "no answer recorded (kamatui stopped while it was sent)",
}


def outcome_text(action: Action) -> str:
    words = OUTCOME_WORDS.get(action.outcome, action.outcome)
    if action.detail:
        return f"{words}, {code(action.detail)}"
    return words


def code(text: str) -> str:
    """``text`` as one inline code span, whatever backticks it holds."""
    flat = clean_text(" ".join(str(text).split()))
    longest = run = 0
    for char in flat:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


def _short(value: str) -> str:
    if len(value) <= MAX_VALUE_CHARS:
        return value
    return value[: MAX_VALUE_CHARS - 1] + "…"


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
