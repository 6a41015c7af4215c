"""The first screen: every server of the account, kept live."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...api import ApiError
from ...api.errors import NotFound
from ...api.models import ServerInfo, ServerSummary
from ...view_state import SERVER_SCREENS, ViewStore
from ..detail_schedule import (
    FAILED_RETRY_AFTER,
    MAX_PARALLEL_DETAILS,
    DetailSchedule,
)
from ..errors import describe_failure
from ..mark_keys import MARK_BINDINGS, MarkKeys
from ..mounting import unless_closing
from ..operation_keys import OPERATION_BINDINGS, OperationKeys
from ..server_filter import FilterError
from ..server_rows import COLUMNS, SORT_KEYS, ServerRows
from ..target import Target
from ..task_follower import ServerChanged
from ..widgets.footer import KeysFooter
from ..widgets.marked_table import MarkedTable
from ..widgets.status_line import StatusLine
from ..widgets.task_panel import TaskPanel
from ..widgets.title_bar import TitleBar
from ..widgets.virtual_table import VirtualTable

log = logging.getLogger(__name__)

DETAIL_REDRAW_DELAY = 0.05
"""Seconds to gather arriving details before the list is redrawn."""
DETAIL_SETTLE_DELAY = 0.15
"""Seconds the rows on screen must stay before their details are fetched:
rows that flash past while typing a filter or paging are not worth a request
each, least of all over a slow link."""
CHANGED_GATHER_DELAY = 0.2
"""Seconds servers changed by commands are gathered into one list refresh."""
FILTER_SAVE_DELAY = 1.0
"""Seconds after the last filter key before the filter is saved for next time."""


class ServersScreen(MarkKeys, OperationKeys, Screen):
    """Lists servers, refreshes them on a timer and fills in details lazily.

    It opens with the sort and filter the profile last had, and once the
    list has loaded, reopens the screen the profile was last on.
    """

    view_name = "servers"
    """How the view state names this screen."""

    # The filter keys are priority bindings: they run as the app reads the
    # key, so keys that arrive in the same burst (a paste, a fast typist over
    # SSH) already go to the widget those keys focus.
    BINDINGS = [
        Binding("slash", "start_filter", "Filter", priority=True, id="servers.filter"),
        Binding("enter", "finish_filter", "Done", priority=True, id="servers.done"),
        Binding(
            "escape",
            "clear_typed_filter",
            "Clear",
            priority=True,
            id="servers.clear_typed",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear the filter, then the marks",
            show=False,
            priority=True,
            id="servers.clear",
        ),
        Binding("s", "next_sort", "Sort", id="servers.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="servers.reverse"),
        Binding("r", "refresh", "Refresh", id="servers.refresh"),
        Binding("w", "new_server", "New server", id="servers.new"),
        Binding(
            "W", "similar_server", "Create similar", show=False, id="servers.similar"
        ),
        Binding("o", "open_created", "Open new", show=False, id="servers.open_new"),
        *OPERATION_BINDINGS,
        *MARK_BINDINGS,
    ]

    class ServersLoaded(Message):
        def __init__(self, servers: list[ServerSummary]) -> None:
            super().__init__()
            self.servers = servers

    class DetailLoaded(Message):
        def __init__(self, info: ServerInfo) -> None:
            super().__init__()
            self.info = info

    def __init__(self, refresh_seconds: float) -> None:
        super().__init__()
        self._refresh_seconds = refresh_seconds
        self._servers = ServerRows(colour=not os.environ.get("NO_COLOR"))
        self._details = DetailSchedule()
        self._sort_key = "name"
        self._sort_reverse = False
        self._query = ""
        self._loaded = False
        self._last_success: float | None = None
        self._error: str | None = None
        """The last refresh's failure, until a refresh succeeds."""
        self._list_worker: Worker | None = None
        self._detail_gate = asyncio.Semaphore(MAX_PARALLEL_DETAILS)
        self._redraw_pending = False
        self._settle_timer: Timer | None = None
        self._filter_problem = ""
        self._detail_problem = ""
        """Why the last details could not be read, until some are."""
        self._filter = None
        """The filter's Input, once ``/`` has been pressed."""
        self._filter_save_timer: Timer | None = None
        self._restored = False
        self._typing_from: str | None = None
        """The server the cursor was on when ``/`` was pressed."""
        self._changed_refresh_due = False
        self._view: ViewStore | None = None
        """The profile's view state, kept for this screen's whole life."""
        self.marks: set[str] = set()
        """Ids of the marked servers, whether the filter shows them or not."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        yield MarkedTable(COLUMNS, id="server-table")
        yield StatusLine("Loading servers…", id="servers-status")
        yield TaskPanel(id="task-panel")
        yield KeysFooter()

    @unless_closing
    async def on_mount(self) -> None:
        self._view = self.app.view
        state = self._view.state
        if state.sort_key in SORT_KEYS:
            self._sort_key, self._sort_reverse = state.sort_key, state.sort_reverse
        table = self.query_one(VirtualTable)
        table.sort_column, table.sort_reverse = self._sort_key, self._sort_reverse
        table.focus()
        self._refresh_list()
        self.set_interval(self._refresh_seconds, self._tick)
        if state.filter:
            self._query = state.filter
            (await self._filter_input()).value = state.filter
        if self._view.saved.screen == "ledger":
            self.app.action_open_ledger()

    # Loading

    def _tick(self) -> None:
        """A timed refresh; skipped while the last one is still on its way.

        While refreshes fail, each tick also renews the data's age, so a
        request that hangs does not leave an old age on screen.
        """
        if self._error is not None:
            self._show_status()
        if self._list_worker is None or self._list_worker.is_finished:
            self._refresh_list()

    def _refresh_list(self) -> None:
        self._list_worker = self._fetch_servers()

    @work(exclusive=True, group="servers", exit_on_error=False)
    async def _fetch_servers(self) -> None:
        servers = await self.app.session.client.list_servers()
        self.post_message(self.ServersLoaded(servers))

    @work(group="details", exit_on_error=False)
    async def _fetch_details(self, server_ids: list[str]) -> None:
        """Fetch details, a few at a time across all such workers.

        Not exclusive: a newer batch must not cancel requests already on
        their way, or those rows would wait for the next refresh.
        """
        client = self.app.session.client

        async def fetch(server_id: str) -> None:
            self._details.started(server_id)
            ok = False
            try:
                async with self._detail_gate:
                    info = await client.server_info(server_id)
                self.post_message(self.DetailLoaded(info))
                ok = True
                if self._detail_problem:
                    self._detail_problem = ""
                    self._show_status()
            except NotFound:
                ok = True
            except ApiError as exc:
                log.info("details of %s not loaded: %s", server_id, exc)
                self._detail_problem = exc.message
                self._show_status()
            finally:
                self._details.finished(server_id, ok=ok)

        await asyncio.gather(*(fetch(server_id) for server_id in server_ids))

    def _fetch_visible_details(self) -> None:
        due = self._details.due(self.query_one(VirtualTable).visible_keys())
        if due:
            self._fetch_details(due)

    @on(ServersLoaded)
    def _show_servers(self, message: ServersLoaded) -> None:
        changed = self._servers.set_summaries(message.servers)
        self.keep_marks_of(message.servers)
        self._details.invalidate(changed)
        self._loaded = True
        self._last_success = time.monotonic()
        self._error = None
        self._show_rows()
        self._fetch_visible_details()
        if not self._restored:
            self._restored = True
            self._reopen_last_screen()

    def _reopen_last_screen(self) -> None:
        """The server screen the profile was last on, if its server is still here."""
        state = self._view.saved
        if state.screen not in SERVER_SCREENS or self.app.screen is not self:
            return
        if state.server_id not in self._servers:
            self.notify(
                f"The server last open ({state.server_id}) is no longer listed.",
                timeout=5,
                markup=False,
            )
            return
        self.open_server(state.server_id, state.screen)

    def summaries(self) -> list[ServerSummary]:
        """Every server of the last list, for the jump prompt."""
        return self._servers.summaries()

    def open_server(self, server_id: str, screen: str = "detail") -> None:
        """Put the cursor on the server (the filter cleared if it hides it)
        and open its detail, snapshot or library screen."""
        table = self.query_one(VirtualTable)
        summary = self._servers.summary(server_id)
        if summary is None:
            self.notify("That server is no longer listed.", timeout=3)
            return
        try:
            table.move_cursor_to_key(server_id)
        except KeyError:
            self._set_filter("")
            table.move_cursor_to_key(server_id)

        if screen == "snapshots":
            self.action_open_snapshots()
        elif screen == "library":
            self.action_open_library()
        else:
            self._open_detail(summary)

    @on(DetailLoaded)
    def _show_detail(self, message: DetailLoaded) -> None:
        """Details arrive in bursts: redraw once per burst, not once each."""
        if self._servers.set_detail(message.info) and not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(DETAIL_REDRAW_DELAY, self._redraw_after_details)

    def _redraw_after_details(self) -> None:
        self._redraw_pending = False
        self._show_rows()

    @on(VirtualTable.ViewportChanged)
    def _fetch_details_when_settled(self) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(
            DETAIL_SETTLE_DELAY, self._fetch_visible_details
        )

    def on_screen_resume(self) -> None:
        self.app.refresh_task_panels()

    def current_target(self) -> Target | None:
        key = self.query_one(VirtualTable).cursor_key
        return self.target_of(key) if key else None

    def target_of(self, server_id: str) -> Target | None:
        summary = self._servers.summary(server_id)
        if summary is None:
            return None
        target = Target.of(summary)
        info = self._servers.detail(server_id)
        return Target(target.id, target.name, target.datacenter, target.power, info)

    def action_new_server(self) -> None:
        if self.app.writes_refused():
            return
        from .wizard import CreateWizardScreen

        self.app.push_screen(CreateWizardScreen())

    def action_similar_server(self) -> None:
        target = self.current_target()
        if target is None or self.app.writes_refused():
            return
        if target.info is None:
            self.notify("Its details are still loading; try again in a moment.")
            return
        from ..wizard_draft import similar_to
        from .wizard import CreateWizardScreen

        self.app.push_screen(CreateWizardScreen(similar_to(target.info)))

    def action_open_created(self) -> None:
        if self.app.last_created is None:
            self.notify("No server has been created in this session yet.", timeout=3)
            return
        self.app.open_server_named(self.app.last_created)

    @on(VirtualTable.RowActivated, "#server-table")
    def _open(self, event: VirtualTable.RowActivated) -> None:
        summary = self._servers.summary(event.key)
        if summary is not None:
            self._open_detail(summary)

    def _open_detail(self, summary: ServerSummary) -> None:
        from .server_detail import ServerDetailScreen

        self.app.push_screen(
            ServerDetailScreen(summary.id, summary.name, self._refresh_seconds)
        )

    @on(ServerChanged)
    def _server_changed(self, message: ServerChanged) -> None:
        """A command changed a server: show it fresh without waiting.

        Commands end in bursts; the list (half a megabyte at 5,000 servers)
        is fetched once for all the servers of a burst.
        """
        self._details.invalidate([message.server_id])
        if not self._changed_refresh_due:
            self._changed_refresh_due = True
            self.set_timer(CHANGED_GATHER_DELAY, self._refresh_after_changes)

    def _refresh_after_changes(self) -> None:
        self._changed_refresh_due = False
        self._refresh_list()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed fetch of the list is reported."""
        if event.state != WorkerState.ERROR or event.worker.group != "servers":
            return

        title, message = describe_failure(event.worker.error)
        if self._error is None:
            self.notify(message, title=title, severity="error", timeout=8, markup=False)
        self._error = message
        self._show_status()

    # Showing

    def _show_rows(self) -> None:
        table = self.query_one(VirtualTable)
        try:
            rows = self._servers.rows(self._query, self._sort_key, self._sort_reverse)
            self._filter_problem = ""
        except FilterError as exc:
            self._filter_problem = str(exc)
            self._show_status()
            return
        table.set_rows(rows)
        self.query_one(TitleBar).set_counts(len(rows), len(self._servers))
        self._show_status()

    def _show_status(self) -> None:
        """Say nothing while refreshes succeed; the data's age once they fail."""
        self.query_one("#servers-status", StatusLine).say(self._status_text())

    def _status_text(self) -> str:
        if self._error is not None and self._last_success is None:
            return (
                f"No data yet. {self._error}. "
                f"Retrying every {self._refresh_seconds:g} s."
            )
        if self._error is not None:
            age = time.monotonic() - self._last_success
            return f"Data is {age:.0f} s old. {self._error}. Retrying."
        if self._filter_problem:
            return f"Filter: {self._filter_problem}"
        if self._detail_problem:
            return (
                f"Server details not loaded: {self._detail_problem}. Trying "
                f"again in {FAILED_RETRY_AFTER:g} s."
            )
        if self._loaded and not self._servers:
            return "This account has no servers."
        if self._loaded and self._query and not self.query_one(VirtualTable).row_count:
            return f"No server matches {self._query!r}."
        return ""

    # Actions

    def action_refresh(self) -> None:
        self._details.invalidate(self.query_one(VirtualTable).visible_keys())
        self._refresh_list()

    async def action_start_filter(self) -> None:
        self._typing_from = self.query_one(VirtualTable).cursor_key
        self._focus_now(await self._filter_input())

    async def _filter_input(self):
        """The filter line, shown; it is built on first use, to start faster."""
        if self._filter is None:
            from ..widgets.filter_input import FilterInput

            self._filter = FilterInput(
                self._filter_typed,
                placeholder="filter: name, id, datacenter or IP",
                id="filter",
            )
            bar = Horizontal(Static("/", id="filter-prompt"), self._filter)
            bar.id = "filter-bar"
            await self.mount(bar, before="#task-panel")
        self.query_one("#filter-bar").display = True
        return self._filter

    def _set_filter(self, text: str) -> None:
        """Replace the filter, and show its rows, at once."""
        if self._filter is not None:
            self._filter.value = text
            self.query_one("#filter-bar").display = bool(text)
        self._query = text
        self._show_rows()
        self._save_filter()

    def action_clear_filter(self) -> None:
        """Esc: a loading form, else the filter, else the marks, in that order."""
        if self.app.operations.cancel_loading():
            return
        self._typing_from = None
        if self._filter is not None and self.query_one("#filter-bar").display:
            self._set_filter("")
        else:
            self.clear_marks()
        self._focus_now(self.query_one(VirtualTable))

    def action_clear_typed_filter(self) -> None:
        """Esc while typing the filter: the same, on a key the footer shows
        only then (a binding's place in the footer cannot change with state)."""
        self.action_clear_filter()

    def action_finish_filter(self) -> None:
        self._typing_from = None
        if not self._query and self._filter is not None:
            self.query_one("#filter-bar").display = False
        self._focus_now(self.query_one(VirtualTable))

    def _focus_now(self, widget) -> None:
        """Move focus before the next key is read (``focus()`` defers it)."""
        self.set_focus(widget)

    def check_action(self, action: str, parameters) -> bool | None:
        typing = self._filter is not None and self.focused is self._filter
        if action == "start_filter":
            return not typing
        if action in ("finish_filter", "clear_typed_filter"):
            return typing
        if action == "clear_filter":
            return not typing
        return True

    def action_next_sort(self) -> None:
        position = SORT_KEYS.index(self._sort_key)
        self._sort_key = SORT_KEYS[(position + 1) % len(SORT_KEYS)]
        self._apply_sort()

    def action_reverse_sort(self) -> None:
        self._sort_reverse = not self._sort_reverse
        self._apply_sort()

    def _apply_sort(self) -> None:
        """Re-sort and bring the cursor's server into view wherever it went."""
        self._view.update(sort_key=self._sort_key, sort_reverse=self._sort_reverse)
        table = self.query_one(VirtualTable)
        table.sort_column = self._sort_key
        table.sort_reverse = self._sort_reverse
        self._show_rows()
        if table.cursor_key is not None:
            table.move_cursor_to_key(table.cursor_key)

    def _filter_typed(self, value: str) -> None:
        """The filter's text changed: show the rows in the key's own frame.

        Called by the filter line as its value changes, before the echoed
        key is drawn. Waiting for its ``Changed`` message let the echo go out
        in one frame and the table a frame later, a 1/60 s frame pacing more
        per key. Details wait until the rows stop changing.
        """
        if value == self._query:
            return
        self._query = value
        self._show_rows()
        self._back_to_where_typing_began()
        self._fetch_details_when_settled()
        if self._filter_save_timer is not None:
            self._filter_save_timer.stop()
        self._filter_save_timer = self.set_timer(FILTER_SAVE_DELAY, self._save_filter)

    def _back_to_where_typing_began(self) -> None:
        """While the filter is typed, the cursor returns to the server it was
        on whenever that server matches again: a partial word that hid it
        must not leave the cursor on whatever matched the partial word."""
        if self._typing_from is None:
            return
        with contextlib.suppress(KeyError):  # still hidden by the filter
            self.query_one(VirtualTable).move_cursor_to_key(self._typing_from)

    def _save_filter(self) -> None:
        if self._view is not None:
            self._view.update(filter=self._query)

    def on_unmount(self) -> None:
        self._save_filter()
