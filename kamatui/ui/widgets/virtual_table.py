"""A table that draws only the lines on screen, for lists of thousands of rows.

Textual's `DataTable` measures every cell whenever rows are added, and rebuilding it
resets the cursor and the scroll position. `VirtualTable` is built on the line API
instead: column widths come from the columns alone (never from the cells), each
visible row is rendered to a `Strip` on demand and cached, and `set_rows` repaints
only the screen lines whose row actually changed.

Cells given as `str` are always shown literally; they are never parsed as markup.
Control characters are not removed here: that belongs at the model boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

SORT_ASCENDING_MARKER = " ▲"
SORT_DESCENDING_MARKER = " ▼"
ROW_STRIP_CACHE_SIZE = 1024
"""How many rendered rows to keep; a few screens' worth is plenty."""


@dataclass(frozen=True)
class Column:
    """One column of a `VirtualTable`.

    Attributes:
        key: Identifies the column (for example as `sort_column`).
        label: Header text, shown literally.
        width: Fixed width in cells, or `None` to share the width left over.
        min_width: The narrowest the column may become when space runs out.
        max_width: The widest a shared-width column grows on a wide terminal,
            so the columns after it stay near it; `None` for no limit.
        align: Where the cell text sits when it is narrower than the column.
    """

    key: str
    label: str
    width: int | None = None
    min_width: int = 4
    max_width: int | None = None
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Row:
    """One row of a `VirtualTable`: a unique key and one cell per column.

    A `str` cell is shown exactly as written; a `Text` cell keeps its own styles.
    """

    key: str
    cells: tuple[Text | str, ...]


def column_widths(columns: Sequence[Column], width: int) -> tuple[int, ...]:
    """Share `width` cells between `columns`, one space between neighbours.

    Flexible columns split what the fixed ones leave, but never go below their
    `min_width`. If the total is still too wide, columns shrink from the right
    towards their `min_width`; whatever still does not fit is cut off by the caller.
    """
    if not columns:
        return ()
    available = max(0, width - (len(columns) - 1))
    widths = [column.width or 0 for column in columns]
    flexible = [index for index, column in enumerate(columns) if column.width is None]

    if flexible:
        spare = max(0, available - sum(widths))
        share, extra = divmod(spare, len(flexible))
        for position, index in enumerate(flexible):
            column = columns[index]
            shared = share + (position < extra)
            if column.max_width is not None:
                shared = min(shared, column.max_width)
            widths[index] = max(column.min_width, shared)

    overflow = sum(widths) - available
    for index in reversed(range(len(columns))):
        if overflow <= 0:
            break
        give = min(overflow, max(0, widths[index] - columns[index].min_width))
        widths[index] -= give
        overflow -= give
    return tuple(widths)


def render_cells(
    cells: Iterable[Text | str],
    columns: Sequence[Column],
    widths: Sequence[int],
    style: Style,
    console: Console,
) -> Strip:
    """Render one table line: each cell cut with an ellipsis and aligned in its column.

    Args:
        cells: The cell values; `str` values are wrapped in `Text` (no markup).
        columns: The columns, for their alignment.
        widths: The width of each column, from `column_widths`.
        style: The line's style; a `Text` cell's own styles are layered on top.
        console: The console used to turn the text into segments.
    """
    line = Text(end="", no_wrap=True)
    for cell, column, width in zip(cells, columns, widths, strict=False):
        if width <= 0:
            continue
        text = cell.copy() if isinstance(cell, Text) else Text(cell)
        text.truncate(width, overflow="ellipsis")
        text.align(column.align, width)
        line.append_text(text)
        line.append(" ")
    line.right_crop(1)
    # `Text.render` drops the base style of a text without spans, so it is added to
    # every segment here; Textual's NO_COLOR filter also needs a style on each one.
    return Strip(Segment.apply_style(line.render(console), style))


class VirtualTable(ScrollView, can_focus=True):
    """A scrolling table with a pinned header that renders only what is visible.

    The caller owns the rows and their order: sorting is done outside, and
    `sort_column`/`sort_reverse` only draw a marker on the header.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", id="table.up", show=False),
        Binding("down,j", "cursor_down", "Down", id="table.down", show=False),
        Binding("pageup", "page_up", "Page up", id="table.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="table.page_down", show=False),
        Binding("home,g", "first", "First", id="table.first", show=False),
        Binding("end,G", "last", "Last", id="table.last", show=False),
        Binding("enter", "activate", "Open", id="table.activate", show=False),
    ]
    """Cursor keys. Page keys avoid ctrl+b, which tmux takes as its prefix."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--cursor-blurred",
    }
    """The header line, the cursor row while focused, and the cursor row otherwise."""

    DEFAULT_CSS = """
    VirtualTable {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    VirtualTable > .virtual-table--header {
        text-style: bold underline;
    }
    VirtualTable > .virtual-table--cursor {
        text-style: bold reverse;
    }
    VirtualTable > .virtual-table--cursor-blurred {
        text-style: underline;
    }
    """
    """Reverse video marks the cursor, so it stays visible in 16 colours or none;
    a table without focus only underlines its cursor row, so the one the keys
    go to is never in doubt."""

    VIEWPORT_DEBOUNCE = 0.15
    """Seconds to gather scrolling before posting `ViewportChanged`."""

    class CursorMoved(Message):
        """The cursor moved to another row."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            """The table whose cursor moved."""
            self.key = key
            """The key of the row now under the cursor."""

        @property
        def control(self) -> VirtualTable:
            """The table whose cursor moved."""
            return self.table

    class RowActivated(Message):
        """The user pressed Enter on a row."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            """The table holding the row."""
            self.key = key
            """The key of the activated row."""

        @property
        def control(self) -> VirtualTable:
            """The table holding the row."""
            return self.table

    class ViewportChanged(Message):
        """Different rows are on screen after scrolling or resizing."""

        def __init__(self, table: VirtualTable) -> None:
            super().__init__()
            self.table = table
            """The table; ask it for `visible_keys()`."""

        @property
        def control(self) -> VirtualTable:
            """The table that scrolled."""
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._columns = tuple(columns)
        self._rows: tuple[Row, ...] = ()
        self._index_by_key: dict[str, int] = {}
        self._cursor = 0
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._strips: LRUCache[tuple[str, bool], tuple[Row, Strip]] = LRUCache(
            ROW_STRIP_CACHE_SIZE
        )
        self._strips_made_for: tuple[object, ...] = ()
        self._widths: tuple[int, ...] = ()
        self._viewport_timer: Timer | None = None
        self._posted_viewport: tuple[int, int] = (0, 0)

    # Reading the table.

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, in display order."""
        return self._columns

    @property
    def rows(self) -> tuple[Row, ...]:
        """The rows, in display order."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows the table holds."""
        return len(self._rows)

    @property
    def cursor_index(self) -> int:
        """The position of the cursor row (0 when the table is empty)."""
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        """The key of the cursor row, or `None` when the table is empty."""
        return self._rows[self._cursor].key if self._rows else None

    @property
    def sort_column(self) -> str | None:
        """The key of the column whose header shows a sort marker."""
        return self._sort_column

    @sort_column.setter
    def sort_column(self, key: str | None) -> None:
        if key != self._sort_column:
            self._sort_column = key
            self.refresh_lines(self.scroll_offset.y)

    @property
    def sort_reverse(self) -> bool:
        """Whether the marker shows a descending sort."""
        return self._sort_reverse

    @sort_reverse.setter
    def sort_reverse(self, reverse: bool) -> None:
        if reverse != self._sort_reverse:
            self._sort_reverse = reverse
            self.refresh_lines(self.scroll_offset.y)

    @property
    def page_height(self) -> int:
        """How many rows fit below the header."""
        return max(0, self.scrollable_content_region.height - 1)

    def visible_keys(self) -> list[str]:
        """The keys of the rows currently on screen, top to bottom."""
        first, count = self._viewport()
        return [row.key for row in self._rows[first : first + count]]

    # Changing the table.

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns; every line is drawn again."""
        self._columns = tuple(columns)
        self._strips.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[Row]) -> bool:
        """Replace the rows, keeping the cursor on its row and the scroll position.

        If the cursor's row is gone, the cursor stays at the same position (clamped).
        Only screen lines whose row changed are repainted.

        Returns:
            False when nothing changed; then nothing is repainted either.

        Raises:
            ValueError: If two rows share a key.
        """
        new_rows = tuple(rows)
        if new_rows == self._rows:
            return False

        index_by_key = {row.key: index for index, row in enumerate(new_rows)}
        if len(index_by_key) != len(new_rows):
            raise ValueError("VirtualTable rows must have unique keys")

        old_rows, old_cursor = self._rows, self._cursor
        old_key = self.cursor_key
        self._rows, self._index_by_key = new_rows, index_by_key
        if old_key in index_by_key:
            self._cursor = index_by_key[old_key]
        else:
            self._cursor = min(old_cursor, max(0, len(new_rows) - 1))

        self._refresh_changed_lines(old_rows, old_cursor)
        self._resize_virtual_area()
        if self.cursor_key != old_key and self.cursor_key is not None:
            self.post_message(self.CursorMoved(self, self.cursor_key))
        return True

    def move_cursor_to_key(self, key: str) -> None:
        """Put the cursor on the row with `key` and scroll it into view.

        Raises:
            KeyError: If no row has that key.
        """
        self._move_cursor(self._index_by_key[key])

    # Cursor actions.

    def action_cursor_up(self) -> None:
        """Move the cursor up one row."""
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Move the cursor down one row."""
        self._move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        """Move the cursor up one screen."""
        self._move_cursor(self._cursor - max(1, self.page_height))

    def action_page_down(self) -> None:
        """Move the cursor down one screen."""
        self._move_cursor(self._cursor + max(1, self.page_height))

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self._move_cursor(0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self._move_cursor(len(self._rows) - 1)

    def action_activate(self) -> None:
        """Tell the app the cursor row was chosen."""
        if self.cursor_key is not None:
            self.post_message(self.RowActivated(self, self.cursor_key))

    # Rendering.

    def render_line(self, y: int) -> Strip:
        """Draw screen line `y`: the header on line 0, rows below it."""
        width = self.scrollable_content_region.width
        self._check_strip_cache(width)
        if y == 0:
            return self._header_strip(width)

        index = self.scroll_offset.y + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self.visual_style.rich_style)
        return self._row_strip(self._rows[index], index == self._cursor, width)

    def _check_strip_cache(self, width: int) -> None:
        """Forget rendered rows when the width, columns or styles changed."""
        made_for = (
            width,
            self._columns,
            self.visual_style.rich_style,
            self._cursor_style(),
        )
        if made_for != self._strips_made_for:
            self._strips.clear()
            self._strips_made_for = made_for
            self._widths = column_widths(self._layout_columns(), width)

    def _layout_columns(self) -> tuple[Column, ...]:
        """The columns as drawn; a subclass may add its own in front."""
        return self._columns

    def _cells(self, row: Row) -> tuple[Text | str, ...]:
        """The cells drawn for `row`, one per column of `_layout_columns`."""
        return row.cells

    def _cursor_style(self) -> Style:
        name = (
            "virtual-table--cursor"
            if self.has_focus
            else "virtual-table--cursor-blurred"
        )
        return self.get_component_rich_style(name)

    def _header_strip(self, width: int) -> Strip:
        columns = self._layout_columns()
        labels = [
            self._header_label(column, column_width)
            for column, column_width in zip(columns, self._widths, strict=True)
        ]
        style = self.get_component_rich_style("virtual-table--header")
        strip = render_cells(labels, columns, self._widths, style, self.app.console)
        return strip.adjust_cell_length(width, style)

    def _header_label(self, column: Column, width: int) -> Text:
        """The column's label, with the sort marker kept visible when it is cut."""
        label = Text(column.label)
        if column.key != self._sort_column:
            return label
        marker = SORT_DESCENDING_MARKER if self._sort_reverse else SORT_ASCENDING_MARKER
        if label.cell_len + len(marker) > width:
            label.truncate(max(0, width - len(marker)), overflow="ellipsis")
        return label + marker

    def _row_strip(self, row: Row, is_cursor: bool, width: int) -> Strip:
        cached = self._strips.get((row.key, is_cursor))
        if cached is not None and (cached[0] is row or cached[0] == row):
            return cached[1]

        style = self._cursor_style() if is_cursor else self.visual_style.rich_style
        strip = render_cells(
            self._cells(row),
            self._layout_columns(),
            self._widths,
            style,
            self.app.console,
        ).adjust_cell_length(width, style)
        self._strips[(row.key, is_cursor)] = (row, strip)
        return strip

    # Keeping the screen up to date.

    def _viewport(self) -> tuple[int, int]:
        """The index of the first visible row and how many rows are visible."""
        first = self.scroll_offset.y
        return first, max(0, min(self.page_height, len(self._rows) - first))

    def _refresh_changed_lines(self, old_rows: Sequence[Row], old_cursor: int) -> None:
        """Repaint the screen lines whose row, or cursor mark, differs from before."""
        first = self.scroll_offset.y
        for index in range(first, first + self.page_height):
            old = old_rows[index] if index < len(old_rows) else None
            new = self._rows[index] if index < len(self._rows) else None
            cursor_moved = (index == old_cursor) != (index == self._cursor)
            if cursor_moved or not (old is new or old == new):
                self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        # Line 0 of the widget is the header, so row `index` is virtual line index + 1.
        self.refresh_lines(index + 1)

    def _resize_virtual_area(self) -> None:
        """Make the scrollable height match the rows (plus the pinned header)."""
        size = Size(0, len(self._rows) + 1)
        if size == self.virtual_size:
            return

        height = self.container_size.height
        if (size.height > height) != (self.virtual_size.height > height):
            # The scrollbar comes or goes, so every line changes width.
            self.virtual_size = size
        else:
            # Assigning `virtual_size` would repaint every line, while only the
            # scrollbar and the lines already marked need it: lay out, no repaint.
            self.set_reactive(VirtualTable.virtual_size, size)
            self.refresh(layout=True, repaint=False)
        self.scroll_to(y=min(self.scroll_y, self.max_scroll_y), animate=False)

    def _move_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = max(0, min(index, len(self._rows) - 1))
        if index != self._cursor:
            self._refresh_row(self._cursor)
            self._cursor = index
            self._refresh_row(index)
            self.post_message(self.CursorMoved(self, self._rows[index].key))
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        top, page = self.scroll_offset.y, max(1, self.page_height)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._schedule_viewport_check()

    def _on_resize(self, event: events.Resize) -> None:
        """Keep the cursor row in view when the window shrinks or grows."""
        self.call_after_refresh(self._scroll_to_cursor)
        self._schedule_viewport_check()

    def _schedule_viewport_check(self) -> None:
        """Post `ViewportChanged` at most once per `VIEWPORT_DEBOUNCE` seconds."""
        if self._viewport_timer is None and self.is_mounted:
            self._viewport_timer = self.set_timer(
                self.VIEWPORT_DEBOUNCE, self._check_viewport
            )

    def _check_viewport(self) -> None:
        self._viewport_timer = None
        viewport = self._viewport()
        if viewport != self._posted_viewport:
            self._posted_viewport = viewport
            self.post_message(self.ViewportChanged(self))

    # Textual calls these handlers for every class in the MRO: no super() calls.

    def _on_focus(self, event: events.Focus) -> None:
        self._refresh_row(self._cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self._refresh_row(self._cursor)

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked row; a double click activates it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self._rows):
            self._move_cursor(index)
            if event.chain == 2:
                self.action_activate()
