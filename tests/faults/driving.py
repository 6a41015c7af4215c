"""Driving the app the way a user does, and the checks every cell makes."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Input, Select

from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.discard import ConfirmDiscard
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.task_panel import TaskPanel
from kamatui.ui.widgets.virtual_table import VirtualTable

from .modes import Mode
from .rig import Rig

ADVICE = (
    "try again",
    "trying again",
    "retrying",
    "press ",
    "check ",
    "wait",
    "looking in the queue",
    "task panel",
)
"""What the user can do, or what the app does for them: one must be said."""

# Moving around


async def on_server(rig: Rig, name: str):
    """Put the list's cursor on a server; its simulator record."""
    server = rig.server(name)
    rig.list_table().move_cursor_to_key(server.id)
    await asyncio.sleep(0.01)
    return server


async def front(rig: Rig, screen_type, selector: str = "*"):
    """The screen in front once it is a ``screen_type`` with ``selector`` mounted."""
    app = rig.app
    return await rig.wait(
        lambda: (
            isinstance(app.screen, screen_type)
            and app.screen.query(selector)
            and app.screen
        ),
        f"a {screen_type.__name__} in front",
    )


async def fill_form(rig: Rig, values: dict) -> FormDialog:
    """Fill the form in front with ``values`` and send it on to the confirmation."""
    form = await front(rig, FormDialog, f"#field-{next(iter(values))}")
    await drawn(rig, form)
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            assert value in form.choices(name), f"{value!r} is not offered for {name}"
        widget.value = value
    await asyncio.sleep(0.01)
    submit = form.query_one("#submit", Button)
    await rig.wait(lambda: not submit.disabled, "the form to accept the values")
    submit.press()
    return form


async def drawn(rig: Rig, form: FormDialog) -> None:
    """Wait until every choice field is drawn: only then do values stick."""
    await rig.wait(
        lambda: all(select.query("#label") for select in form.query(Select)),
        "the form's choices to be drawn",
    )


async def confirm(rig: Rig, typed: str | None = None) -> None:
    dialog = await front(rig, ConfirmChange, "#confirm")
    if typed is not None:
        dialog.query_one("#confirm-typed", Input).value = typed
    button = dialog.query_one("#confirm", Button)
    await rig.wait(lambda: not button.disabled, "the confirm button")
    button.press()
    await rig.wait(lambda: rig.app.screen is not dialog, "the confirmation to close")


async def back_to_list(rig: Rig) -> None:
    """Close whatever is open with Esc, as a user would, until the list is in
    front; a wizard's draft is thrown away when it asks."""
    app = rig.app
    for _ in range(10):
        screen = app.screen
        if isinstance(screen, ServersScreen):
            break
        if isinstance(screen, ConfirmDiscard):
            wizard = app.screen_stack[-2]
            await rig.wait(lambda gone=screen: gone.query("#discard"), "its buttons")
            screen.query_one("#discard", Button).press()
            await rig.wait(
                lambda gone=wizard: gone not in app.screen_stack, "the wizard gone"
            )
            continue
        await rig.press("escape")
        await rig.wait(lambda gone=screen: app.screen is not gone, "a screen to close")
    await rig.wait(
        lambda: (
            not any(w.group == "operation" and not w.is_finished for w in app.workers)
        ),
        "the operation to finish",
    )


# What the user reads


def task_lines(rig: Rig) -> list[str]:
    """The task panel's rows on the screen in front, cells joined by spaces."""
    lines = []
    for panel in rig.app.screen.query(TaskPanel):
        table = panel.query_one(VirtualTable)
        lines += [" ".join(str(cell) for cell in row.cells) for row in table.rows]
    return lines


def says(text: str, names: list[str], mode: Mode, words=None) -> bool:
    """Whether one message names the call, what went wrong and what to do."""
    low = text.lower()
    return (
        all(name.lower() in low for name in names)
        and any(word in low for word in words or mode.words)
        and any(advice in low for advice in ADVICE)
    )


async def expect_message(
    rig: Rig, names: list[str], *, toast=True, screen=True, tasks=False, words=None
) -> str:
    """Wait for one message the user sees that says it all; return it."""

    def found():
        texts = []
        if toast:
            texts += rig.shown
        if screen:
            texts += rig.screen_texts()
        if tasks:
            texts += task_lines(rig)
        return next((t for t in texts if says(t, names, rig.mode, words)), None)

    try:
        return await rig.wait(found, "the message")
    except AssertionError:
        seen = rig.shown[-3:] + rig.screen_texts() + task_lines(rig)
        raise AssertionError(
            f"no message names {names}, {rig.mode.words[0]!r} and what to do; "
            f"seen: {seen}"
        ) from None


# After the fault


async def probe_list(rig: Rig) -> None:
    """Rename a server behind the app's back: the list must show it unasked."""
    rig.probes += 1
    server = rig.sim.account.servers[rig.probe_id]
    new_name = f"wiki-{rig.probes}.corp"
    with rig.sim.lock:
        server.name = new_name
    await rig.wait(lambda: new_name in rig.listed_names(), "fresh data in the list")


def mutations_since(rig: Rig, start: int) -> dict[tuple[str, str], list]:
    changes: dict[tuple[str, str], list] = {}
    for entry in list(rig.sim.request_log)[start:]:
        if entry.method in ("POST", "PUT", "DELETE") and not entry.path.endswith(
            "/authenticate"
        ):
            changes.setdefault((entry.method, entry.path), []).append(entry)
    return changes


def check_sent_once(rig: Rig, start: int) -> None:
    """No change reached the API twice; a 401 stops one at the door."""
    for (method, path), entries in mutations_since(rig, start).items():
        acted = [entry for entry in entries if entry.status != 401]
        assert len(acted) <= 1, f"{method} {path} reached the API {len(acted)} times"


def check_running(rig: Rig) -> None:
    app = rig.app
    assert app.is_running and app.return_code is None, "the app stopped"
    unexpected = [t for t in rig.shown if "unexpected error" in t]
    assert not unexpected, unexpected[0]
