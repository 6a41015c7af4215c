"""The server list's filter language.

Terms are separated by spaces and must all match:

- ``web``: anywhere in the name, id, datacenter or IPs (any case);
- ``~^db-\\d``: a regular expression, searched the same way;
- ``name:web``, ``dc:eu``, ``power:off``, ``cpu:4b``, ``ip:10.0``: one field
  only (``name:~regex`` works too);
- ``!term``: anything but.

A term that cannot be understood (a broken regular expression, an unknown
field) is reported as a ``FilterError``; it never raises elsewhere.

Expressions run on the ``regex`` package, whose searches can be given a
time limit: a pattern that backtracks without end, like ``~(.+)+z`` over
36-character ids, would otherwise freeze the app for good (and, kept as the
profile's filter, freeze every start after it).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import regex

FIELDS = ("name", "dc", "power", "cpu", "ip")
SEARCH_TIMEOUT = 0.01
"""Seconds one search of one field may take."""
PASS_BUDGET = 0.5
"""Seconds one filtering of the whole list may take before it gives up."""

T = TypeVar("T")


class FilterError(ValueError):
    """What is wrong with the filter, ready to show."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None
    """One of FIELDS, or None for anywhere."""
    text: str
    pattern: regex.Pattern | None
    negated: bool

    def matches(self, values: dict[str, str]) -> bool:
        if self.field:
            haystacks = [values[self.field]]
        else:
            haystacks = [values["name"], values["id"], values["dc"], values["ip"]]
        if self.pattern is not None:
            try:
                found = any(
                    self.pattern.search(h, timeout=SEARCH_TIMEOUT) for h in haystacks
                )
            except TimeoutError:
                raise FilterError(
                    f"{self.text!r} takes too long to match: make it simpler"
                ) from None
        else:
            found = any(self.text in h for h in haystacks)
        return found != self.negated


@dataclass(frozen=True, slots=True)
class ServerFilter:
    terms: tuple[Term, ...]

    @property
    def plain_words(self) -> tuple[str, ...] | None:
        """The words, when every term is a plain positive word (the common
        case, which narrowing can reuse); None otherwise."""
        if all(
            t.field is None and t.pattern is None and not t.negated for t in self.terms
        ):
            return tuple(t.text for t in self.terms)
        return None

    def matches(self, values: dict[str, str]) -> bool:
        return all(term.matches(values) for term in self.terms)

    def select(self, items: Iterable[T], fields_of) -> Iterator[T]:
        """The items whose fields match, within ``PASS_BUDGET`` in all.

        Raises:
            FilterError: an expression is too slow for this many servers.
        """
        deadline = time.monotonic() + PASS_BUDGET
        for count, item in enumerate(items):
            if count % 256 == 255 and time.monotonic() > deadline:
                raise FilterError(
                    "the filter takes too long over this many servers: "
                    "make its expressions simpler"
                )
            if self.matches(fields_of(item)):
                yield item


def parse_filter(query: str) -> ServerFilter:
    return ServerFilter(tuple(_term(word) for word in query.split()))


def _term(word: str) -> Term:
    negated = word.startswith("!")
    body = word[1:] if negated else word
    field = None
    name, colon, rest = body.partition(":")
    if colon and name.lower() in FIELDS:
        field, body = name.lower(), rest
    elif colon and name and not name.startswith("~") and name.isalpha():
        raise FilterError(
            f"unknown field {name!r}: use {', '.join(f + ':' for f in FIELDS)}"
        )

    if body.startswith("~"):
        try:
            pattern = regex.compile(body[1:], regex.IGNORECASE | regex.VERSION0)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise FilterError(f"bad regular expression {body[1:]!r}: {exc}") from None
        return Term(field, body, pattern, negated)
    return Term(field, body.lower(), None, negated)
