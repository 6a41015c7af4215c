"""A `VirtualTable` with a narrow column in front that shows which rows are marked.

The mark is a glyph, not a colour, so it reads the same in 16 colours and under
NO_COLOR. The table only draws marks: which keys are marked is its owner's to
decide, and it hands them over with `set_marked`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from .virtual_table import Column, Row, VirtualTable

MARK = Text("*", style="bold")
NO_MARK = ""
MARK_COLUMN = Column("mark", "", width=1, min_width=1)


class MarkedTable(VirtualTable):
    """Draws a `*` in front of every marked row."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._marked: frozenset[str] = frozenset()

    @property
    def marked(self) -> frozenset[str]:
        """The keys shown as marked (some may not be rows just now)."""
        return self._marked

    def set_marked(self, keys: Iterable[str]) -> None:
        """Show these keys as marked; only rows whose mark changed are redrawn."""
        marked = frozenset(keys)
        changed = marked ^ self._marked
        self._marked = marked
        first, count = self._viewport()
        for key in changed:
            self._strips.discard((key, True))
            self._strips.discard((key, False))
            index = self._index_by_key.get(key)
            if index is not None and first <= index < first + count:
                self._refresh_row(index)

    def _layout_columns(self) -> tuple[Column, ...]:
        return (MARK_COLUMN, *self.columns)

    def _cells(self, row: Row) -> tuple[Text | str, ...]:
        return (MARK if row.key in self._marked else NO_MARK, *row.cells)
