"""MarkedTable draws marks as a glyph and repaints only the rows that changed."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from kamatui.ui.widgets.marked_table import MarkedTable
from tests.ui.test_virtual_table import COLUMNS, make_rows, screen_lines, spy_refresh


class MarkedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedTable(COLUMNS)


async def test_marked_rows_start_with_the_glyph_under_a_blank_header() -> None:
    async with MarkedApp().run_test(size=(40, 10)) as pilot:
        table = pilot.app.query_one(MarkedTable)
        table.set_rows(make_rows(5))
        table.set_marked({"k1", "k3"})
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[0].startswith("  Name")
        assert [line[:2] for line in lines[1:6]] == ["  ", "* ", "  ", "* ", "  "]
        assert lines[2].split() == ["*", "srv-1", "on", "1"]
        assert all(len(line) == 40 for line in lines)


async def test_marking_repaints_only_the_rows_whose_mark_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One mark more repaints one line; a mark for a key off screen, none."""
    async with MarkedApp().run_test(size=(40, 10)) as pilot:
        table = pilot.app.query_one(MarkedTable)
        table.set_rows(make_rows(500))
        table.set_marked({"k1"})
        await pilot.pause()
        calls = spy_refresh(table, monkeypatch)

        table.set_marked({"k1", "k4"})
        assert [regions for regions, _ in calls] == [
            (Region(0, 5, table.size.width, 1),)
        ]
        await pilot.pause()
        assert screen_lines(table)[5].startswith("* srv-4")

        calls.clear()
        table.set_marked({"k1", "k4", "k400"})
        assert calls == []


async def test_marks_of_keys_not_shown_are_kept_for_when_they_return() -> None:
    """A filtered-out row keeps its mark and shows it again when it is back."""
    async with MarkedApp().run_test(size=(40, 10)) as pilot:
        table = pilot.app.query_one(MarkedTable)
        rows = make_rows(5)
        table.set_rows(rows)
        table.set_marked({"k2"})
        table.set_rows(rows[:2])
        await pilot.pause()
        assert table.marked == {"k2"}
        table.set_rows(rows)
        await pilot.pause()
        assert screen_lines(table)[3].startswith("* srv-2")
