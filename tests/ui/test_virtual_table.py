"""Behaviour of VirtualTable, driven headless through a tiny host app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.pilot import Pilot

from kamatui.ui.widgets.virtual_table import Column, Row, VirtualTable, column_widths

COLUMNS = (
    Column("name", "Name"),
    Column("state", "State", width=5),
    Column("cpu", "CPU", width=6, align="right"),
)


def make_rows(count: int, prefix: str = "srv") -> list[Row]:
    """Rows keyed k0..k{count-1} with a name, a green state and a number."""
    return [
        Row(f"k{i}", (f"{prefix}-{i}", Text("on", style="green"), str(i)))
        for i in range(count)
    ]


class TableApp(App[None]):
    """Hosts one focused VirtualTable."""

    def __init__(self, columns: Sequence[Column] = COLUMNS) -> None:
        super().__init__()
        self.columns = columns
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.columns, id="table")

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        self.messages.append(message)

    def on_virtual_table_row_activated(
        self, message: VirtualTable.RowActivated
    ) -> None:
        self.messages.append(message)

    def on_virtual_table_viewport_changed(
        self, message: VirtualTable.ViewportChanged
    ) -> None:
        self.messages.append(message)

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()


def screen_lines(table: VirtualTable) -> list[str]:
    """The text of every line the table currently draws."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def loaded(pilot: Pilot[None], rows: Sequence[Row]) -> VirtualTable:
    """Set `rows` on the table and wait for the screen to settle."""
    table = pilot.app.query_one(VirtualTable)
    table.set_rows(rows)
    await pilot.pause()
    return table


def posted(app: TableApp, kind: type[Message]) -> list[Any]:
    """The messages of one kind the app has seen so far."""
    return [message for message in app.messages if isinstance(message, kind)]


def spy_refresh(table: VirtualTable, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the arguments of every `refresh` call on `table`."""
    calls: list[Any] = []
    original = table.refresh

    def recording(*regions: Region, **kwargs: Any) -> VirtualTable:
        calls.append((regions, kwargs))
        return original(*regions, **kwargs)

    monkeypatch.setattr(table, "refresh", recording)
    return calls


async def test_rows_render_under_a_pinned_header() -> None:
    """The header is on line 0 and the first rows follow in order."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(100))
        lines = screen_lines(table)

        assert lines[0].split() == ["Name", "State", "CPU"]
        assert lines[1].split() == ["srv-0", "on", "0"]
        assert lines[23].split() == ["srv-22", "on", "22"]

        table.scroll_to(y=50, animate=False)
        await pilot.pause()
        assert screen_lines(table)[0].split() == ["Name", "State", "CPU"]
        assert screen_lines(table)[1].split() == ["srv-50", "on", "50"]


async def test_cursor_keys_move_the_cursor() -> None:
    """j/k, arrows, page keys, G and g move the cursor and scroll it into view."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(200))
        page = table.page_height
        assert page == 23

        await pilot.press("j", "j", "down")
        assert table.cursor_index == 3
        await pilot.press("k", "up")
        assert table.cursor_index == 1

        await pilot.press("pagedown")
        assert table.cursor_index == 1 + page
        assert table.cursor_key in table.visible_keys()
        await pilot.press("pageup")
        assert table.cursor_index == 1

        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_key == "k199"
        assert table.visible_keys()[-1] == "k199"

        await pilot.press("g")
        await pilot.pause()
        assert (table.cursor_index, table.scroll_offset.y) == (0, 0)
        await pilot.press("k", "end", "home")
        assert table.cursor_index == 0


async def test_cursor_moves_post_cursor_moved() -> None:
    """Each move posts CursorMoved with the new key; a move into the wall does not."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, make_rows(5))
        app.messages.clear()

        await pilot.press("j", "k", "k")
        moved = posted(app, VirtualTable.CursorMoved)
        assert [message.key for message in moved] == ["k1", "k0"]


async def test_enter_posts_row_activated() -> None:
    """Enter posts RowActivated for the cursor row."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(10))
        await pilot.press("j", "j", "enter")

        activated = posted(app, VirtualTable.RowActivated)
        assert [message.key for message in activated] == ["k2"]
        assert activated[0].table is table


async def test_click_selects_row() -> None:
    """Clicking a row puts the cursor on it; clicking the header does nothing."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(50))
        await pilot.click(VirtualTable, offset=(3, 4))
        assert table.cursor_key == "k3"
        await pilot.click(VirtualTable, offset=(3, 0))
        assert table.cursor_key == "k3"


async def test_set_rows_keeps_cursor_key_when_rows_reorder() -> None:
    """Reversing the rows or inserting above keeps the cursor on the same key."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = make_rows(10)
        table = await loaded(pilot, rows)
        table.move_cursor_to_key("k3")

        assert table.set_rows(list(reversed(rows)))
        assert (table.cursor_key, table.cursor_index) == ("k3", 6)

        table.set_rows([Row("new", ("new", "", "")), *rows])
        assert (table.cursor_key, table.cursor_index) == ("k3", 4)
        await pilot.pause()
        assert screen_lines(table)[5].split()[0] == "srv-3"


async def test_set_rows_keeps_index_when_cursor_key_vanishes() -> None:
    """When the cursor's row is removed the cursor stays at its index, clamped."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = make_rows(10)
        table = await loaded(pilot, rows)
        table.move_cursor_to_key("k4")

        table.set_rows([row for row in rows if row.key != "k4"])
        assert (table.cursor_index, table.cursor_key) == (4, "k5")

        table.move_cursor_to_key("k9")
        table.set_rows(rows[:3])
        assert (table.cursor_index, table.cursor_key) == (2, "k2")

        table.set_rows([])
        assert (table.cursor_index, table.cursor_key) == (0, None)


async def test_set_rows_keeps_scroll_offset() -> None:
    """A refresh with a row inserted at the top does not move the view."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = make_rows(300)
        table = await loaded(pilot, rows)
        table.move_cursor_to_key("k120")
        await pilot.pause()
        offset = table.scroll_offset.y
        assert offset > 0

        table.set_rows([Row("new", ("new", "", "")), *rows])
        await pilot.pause()
        assert table.scroll_offset.y == offset
        assert table.cursor_key == "k120"


async def test_unchanged_set_rows_returns_false_without_refresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Equal rows (even as new objects) return False and request no repaint."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(500))
        calls = spy_refresh(table, monkeypatch)

        assert table.set_rows(make_rows(500)) is False
        await pilot.pause()
        assert calls == []


async def test_changed_rows_refresh_only_their_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A changed visible row repaints one line; an off-screen change repaints none."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = make_rows(500)
        table = await loaded(pilot, rows)
        calls = spy_refresh(table, monkeypatch)

        changed = list(rows)
        changed[5] = Row("k5", ("renamed", "off", "5"))
        assert table.set_rows(changed) is True
        assert len(calls) == 1
        regions, _ = calls[0]
        assert regions == (Region(0, 6, table.size.width, 1),)
        await pilot.pause()
        assert screen_lines(table)[6].split() == ["renamed", "off", "5"]

        calls.clear()
        changed[400] = Row("k400", ("far away", "off", "400"))
        assert table.set_rows(changed) is True
        assert calls == []


async def test_markup_like_cells_render_literally() -> None:
    """Cells and labels that look like markup are shown as typed, unstyled."""
    columns = (Column("name", "[b]Name[/b]"), Column("note", "Note"))
    app = TableApp(columns)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = [Row("a", ("plain", "")), Row("b", ("a[/]b", "[bold red]x[/]"))]
        table = await loaded(pilot, rows)

        assert screen_lines(table)[0].split() == ["[b]Name[/b]", "Note"]
        line = table.render_line(2)
        assert line.text.startswith("a[/]b ")
        assert "[bold red]x[/]" in line.text
        assert {segment.style for segment in line} == {table.visual_style.rich_style}


async def test_narrow_table_cuts_text_with_ellipsis() -> None:
    """At 24 columns long text is cut with … and never wraps to a second line."""
    app = TableApp()
    async with app.run_test(size=(24, 6)) as pilot:
        table = await loaded(
            pilot, [Row("a", ("a-very-long-server-name", "stopped", "1234567"))]
        )
        line = table.render_line(1).text

        assert line.startswith("a-very-lon… ")
        assert "stop…" in line and "12345…" in line
        assert screen_lines(table)[2].strip() == ""


def test_flexible_columns_share_the_spare_width() -> None:
    """Flexible columns share the width fixed ones leave, then shrink from the right."""
    columns = [Column("a", "A"), Column("b", "B", width=10), Column("c", "C")]
    assert column_widths(columns, 51) == (20, 10, 19)
    assert column_widths(columns, 10) == (4, 4, 4)
    assert column_widths([Column("a", "A", min_width=8)], 5) == (8,)


async def test_flexible_columns_render_side_by_side() -> None:
    """Two flexible columns start where their shares say."""
    columns = (Column("a", "Alpha"), Column("b", "Beta"), Column("n", "N", width=3))
    app = TableApp(columns)
    async with app.run_test(size=(41, 5)) as pilot:
        table = await loaded(pilot, [Row("r", ("x", "y", "1"))])
        header = table.render_line(0).text

        assert header.index("Beta") == 19
        assert header.index("N") == 38


async def test_visible_keys_follow_scrolling() -> None:
    """visible_keys lists exactly the rows drawn after scrolling."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(100))
        table.scroll_to(y=40, animate=False)
        await pilot.pause()

        drawn = [line.split()[0] for line in screen_lines(table)[1:]]
        assert [f"srv-{key[1:]}" for key in table.visible_keys()] == drawn
        assert table.visible_keys()[0] == "k40"


async def test_viewport_changed_is_debounced() -> None:
    """Sixty quick scroll steps post ViewportChanged once, not once per step."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(200))
        await pilot.pause(table.VIEWPORT_DEBOUNCE * 2)
        app.messages.clear()

        for _ in range(60):
            table.action_cursor_down()
        await pilot.pause(table.VIEWPORT_DEBOUNCE * 2)

        assert len(posted(app, VirtualTable.ViewportChanged)) == 1
        assert table.visible_keys()[-1] == "k60"


async def test_cursor_row_uses_reverse_and_keeps_cell_styles() -> None:
    """The cursor row is reverse video (readable without colour); green stays
    green; without focus the row is only underlined, so of two tables on a
    screen the one the keys go to stands out."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(3))
        cursor_line, plain_line = table.render_line(1), table.render_line(2)

        assert all(segment.style.reverse for segment in cursor_line)
        assert not any(segment.style.reverse for segment in plain_line)
        for line in (cursor_line, plain_line):
            state = next(segment for segment in line if segment.text.startswith("on"))
            assert state.style.color.name == "green"

        table.blur()
        await pilot.pause()
        blurred = table.render_line(1)
        assert all(segment.style.underline for segment in blurred)
        assert not any(segment.style.reverse for segment in blurred)


async def test_sort_marker_on_header() -> None:
    """sort_column and sort_reverse put ▲ or ▼ after that column's label."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(3))
        table.sort_column = "cpu"
        assert "CPU ▲" in table.render_line(0).text
        table.sort_reverse = True
        assert "CPU ▼" in table.render_line(0).text

        table.sort_column = "state"
        assert "St… ▼" in table.render_line(0).text
        assert "▲" not in table.render_line(0).text


async def test_duplicate_keys_are_rejected() -> None:
    """Two rows with one key raise ValueError and leave the table unchanged."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(3))
        with pytest.raises(ValueError):
            table.set_rows([Row("x", ("a", "", "")), Row("x", ("b", "", ""))])
        assert table.row_count == 3


async def test_five_thousand_rows_and_cursor_to_end() -> None:
    """5,000 rows load, G reaches the last one and it is drawn on the bottom line."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, make_rows(5_000))
        assert table.row_count == 5_000

        await pilot.press("G")
        await pilot.pause()
        assert (table.cursor_index, table.cursor_key) == (4_999, "k4999")
        assert screen_lines(table)[-1].split() == ["srv-4999", "on", "4999"]
        assert table.visible_keys()[-1] == "k4999"


async def test_rows_added_below_screen_repaint_no_visible_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Appending rows below the screen lays out again but repaints no row line."""
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = make_rows(100)
        table = await loaded(pilot, rows)
        calls = spy_refresh(table, monkeypatch)

        assert table.set_rows([*rows, Row("extra", ("extra", "", ""))])
        assert calls == [((), {"layout": True, "repaint": False})]
        await pilot.pause()
        assert table.max_scroll_y == 101 + 1 - 24


async def test_scrollbar_appearing_narrows_every_line() -> None:
    """Growing past one screen brings a scrollbar and the lines make room for it."""
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = await loaded(pilot, make_rows(3))
        assert table.render_line(1).cell_length == 40

        await loaded(pilot, make_rows(100))
        assert table.show_vertical_scrollbar
        assert table.render_line(1).cell_length == 40 - table.scrollbar_size_vertical


async def test_plain_lines_carry_the_header_and_row_styles() -> None:
    """Lines of plain str cells still get the header's bold and the cursor's reverse."""
    app = TableApp((Column("name", "Name"),))
    async with app.run_test(size=(30, 6)) as pilot:
        table = await loaded(pilot, [Row("a", ("x",)), Row("b", ("y",))])

        assert all(segment.style.bold for segment in table.render_line(0))
        assert all(segment.style.reverse for segment in table.render_line(1))
        assert all(segment.style is not None for segment in table.render_line(2))


def test_a_shared_column_stops_at_its_widest_and_leaves_the_rest_blank():
    """At 200 columns the name column no longer pushes DC 150 cells away."""
    columns = [Column("name", "Name", max_width=48), Column("dc", "DC", width=6)]
    assert column_widths(columns, 200) == (48, 6)
    assert column_widths(columns, 40) == (33, 6)


async def test_the_server_list_keeps_its_columns_together_on_a_wide_terminal(app):
    from tests.ui.support import loaded, table_lines

    async with app.run_test(size=(200, 30)) as pilot:
        await loaded(pilot)
        header = table_lines(app)[0]
    assert header.index("DC") < 60
