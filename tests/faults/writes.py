"""The write cells: each change the app can send, sent once into a fault.

What a change's cell expects depends on what the fault did to it:

- refused before anything happened (500, 502, 503, 429, an expired token, a
  refused connection) or no answer in time: a form opens again with what was
  typed and the reason above it; a change without a form says it in a toast;
- done but its answer lost (dropped, or cut short into bad JSON): the app says
  so, finds the command in the queue instead of sending again, and follows it;
  billing, which makes no command, opens its form again, saying the change
  may or may not have been made;
- inside the queue's 404 window: the task says it is not in the queue yet,
  then runs to its end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.widgets import Button, Input, OptionList, Tree

from kamatui.sim.engine import QUEUE_DELAY
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.screens.disk_library import DiskLibraryScreen
from kamatui.ui.screens.snapshots import SnapshotScreen
from kamatui.ui.screens.wizard import CreateWizardScreen

from .driving import (
    confirm,
    drawn,
    expect_message,
    fill_form,
    front,
    on_server,
    probe_list,
    says,
)
from .modes import BY_ID, LANDED
from .rig import Rig

FINISH = 1000.0
"""Simulated seconds after which every command a cell starts has ended."""
PASSWORD = "Fault1234Matrix"
DROP_WORDS = BY_ID["drop"].words
"""The window's search cell drops the answer first; that is what it tells."""


@dataclass(frozen=True)
class Write:
    """One change as a user makes it: where, which key, what they type."""

    title: str
    """The operation's title, which its messages must name."""
    server: str
    key: str
    method: str
    path: str
    """Under ``/service``, with ``{id}`` for the server's id."""
    values: Callable[[FormDialog, object], dict] | None = None
    """What the user types into the form, from its choices; None: no form."""
    screen: str = "list"
    """Where the key is pressed: the list, ``snapshots`` or ``library``."""
    pick: Callable[[object], int] | None = None
    """For a snapshot operation, the id of the snapshot to act on."""
    typed_name: bool = False
    """The server's name is typed to confirm."""
    makes_command: bool = True
    """False for billing, which answers at once: nothing to find in the queue."""


def write_cell(spec: Write) -> Callable[[Rig], Awaitable[None]]:
    async def cell(rig: Rig) -> None:
        server = await on_server(rig, spec.server)
        await _open_screen(rig, spec, server)
        path = "/service/" + spec.path.format(id=server.id)
        pattern = f"{spec.method} {path}"
        rig.inject(pattern)

        await rig.press(spec.key)
        form, typed = None, {}
        if spec.values is not None:
            form = await front(rig, FormDialog, "#submit")
            typed = spec.values(form, server)
            await fill_form(rig, typed)
        await confirm(rig, server.name if spec.typed_name else None)

        names = [spec.title, server.name]
        outcome = _outcome(rig)
        if outcome == "landed" and not spec.makes_command:
            outcome = "unknown"
        await OUTCOMES[outcome](rig, spec, names, server, path, form, typed)
        assert rig.fault_fired(pattern), "the fault never hit the request"
        rig.stop_faults()
        await probe_list(rig)
        check_arrivals(rig, spec.method, path)

    return cell


async def _open_screen(rig: Rig, spec: Write, server) -> None:
    if spec.screen == "snapshots":
        await rig.press("p")
        screen = await front(rig, SnapshotScreen, Tree)
        await rig.wait(lambda: screen.roots is not None, "the snapshots")
        wanted = spec.pick(server)
        if wanted is not None:
            await _select_snapshot(rig, screen, wanted)
    elif spec.screen == "library":
        await rig.press("l")
        screen = await front(rig, DiskLibraryScreen, "#library-table")
        await rig.wait(lambda: screen.disks, "the library")


async def _select_snapshot(rig: Rig, screen: SnapshotScreen, snapshot_id: int):
    tree = screen.query_one(Tree)
    tree.cursor_line = next(
        line
        for line in range(tree.last_line + 1)
        if tree.get_node_at_line(line).data.id == snapshot_id
    )
    await rig.wait(lambda: screen.selected().id == snapshot_id, "the snapshot")


def _outcome(rig: Rig) -> str:
    if rig.mode.id in LANDED:
        return "landed"
    if rig.mode.id == "window":
        return "window"
    return "refused"


# Outcomes


async def refused(rig: Rig, spec, names, server, path, form, typed) -> None:
    """Nothing was done: the form again with what was typed, or a toast."""
    if form is None:
        await expect_message(rig, names, screen=False)
        return

    again = await rig.wait(
        lambda: (
            isinstance(rig.app.screen, FormDialog)
            and rig.app.screen is not form
            and rig.app.screen.query("#form-error")
            and rig.app.screen
        ),
        "the form to open again",
    )
    await drawn(rig, again)
    text = await rig.wait(lambda: form_message(again), "the reason in the form")
    assert says(text, names, rig.mode), f"the form says {text!r}"
    try:
        await rig.wait(lambda: _kept(again, typed), "the typed values in the form")
    except AssertionError:
        raise AssertionError(f"typed {typed}, the form has {again.values()}") from None


def _kept(form: FormDialog, typed: dict) -> bool:
    values = form.values()
    return all(values[name] == value for name, value in typed.items())


async def unknown(rig: Rig, spec, names, server, path, form, typed) -> None:
    """Done or not, nobody knows, and no queue to ask: the form again, told so."""
    await refused(rig, spec, names, server, path, form, typed)
    _check_carried(_answered(rig, spec.method, path), typed)


def form_message(form: FormDialog) -> str:
    """The form's title and the reason above its fields, as one message."""
    error = form.query_one("#form-error")
    if not error.display or not str(error.content):
        return ""
    return f"{form.query_one('#form-body').border_title}: {error.content}"


async def landed(rig: Rig, spec, names, server, path, form, typed) -> None:
    """Done, answer lost: found in the queue, followed, never sent again."""
    sent = await rig.wait(lambda: _answered(rig, spec.method, path), "the request")
    rig.advance(QUEUE_DELAY + 1)
    task = await rig.wait(lambda: _task_for(rig, server), "the command to be found")
    await expect_message(rig, names, screen=False)
    _check_carried(sent, typed)
    await _run_to_end(rig, task)


async def windowed(rig: Rig, spec, names, server, path, form, typed) -> None:
    """Taken: the task waits out the queue's 404 window, then completes."""
    task = await rig.wait(lambda: _task_for(rig, server), "the task")
    await expect_message(rig, names, toast=False, screen=False, tasks=True)
    polls = rig.requests("GET", f"/service/queue/{task.command_id}")
    assert any(poll.status == 404 for poll in polls), "the queue never said 404"
    _check_carried(_answered(rig, spec.method, path), typed)
    await _run_to_end(rig, task)


OUTCOMES = {
    "refused": refused,
    "landed": landed,
    "unknown": unknown,
    "window": windowed,
}


def _answered(rig: Rig, method: str, path: str):
    return next((e for e in rig.requests(method, path) if e.status == 200), None)


def _task_for(rig: Rig, server):
    return next(
        (
            task
            for task in rig.app.tasks
            if task.server_id == server.id and not task.ended
        ),
        None,
    )


def _check_carried(sent, typed: dict) -> None:
    """What the user typed is what went out."""
    wire = {str(value) for value in sent.fields.values()}
    for name, value in typed.items():
        assert str(value) in wire, f"{name}={value!r} is not in the request"


async def _run_to_end(rig: Rig, task) -> None:
    rig.advance(FINISH)
    ended = await rig.wait(
        lambda: (now := rig.app.tasks.get(task.command_id)) and now.ended and now,
        "the task to end",
    )
    assert ended.status == "complete", f"the task ended {ended.status}"


def check_arrivals(rig: Rig, method: str, path: str) -> None:
    """The change reached the API exactly as the fault allows."""
    arrived = rig.requests(method, path)
    if rig.mode.refuses:
        assert not arrived, "a refused connection still delivered the request"
    elif rig.mode.id == "expired":
        assert arrived and all(e.status == 401 for e in arrived), "not refused"
    else:
        assert len(arrived) == 1, f"{len(arrived)} requests reached the API"


# The create wizard and the lost-answer search have their own cells.

CREATED = "fault-made"


async def create_cell(rig: Rig) -> None:
    """A server like another, through the wizard, into the fault."""
    await on_server(rig, "ci-runner-1")
    screen = rig.list_screen()
    await rig.wait(lambda: screen.current_target().info, "the server's details")
    rig.inject("POST /service/server")
    await rig.press("W")
    wizard = await front(rig, CreateWizardScreen)
    await rig.wait(lambda: wizard.step == "image" and wizard.query("#image-list"), "")
    listing = wizard.query_one("#image-list", OptionList)
    listing.highlighted = next(
        i
        for i in range(listing.option_count)
        if not listing.get_option_at_index(i).disabled
    )
    listing.action_select()
    await rig.wait(
        lambda: wizard.step == "cpu" and wizard.query("#cpu-cores SelectOverlay"),
        "the CPU step",
    )
    # The steps between keep the similar server's choices; the review's own
    # "Fix" buttons jump the same way.
    await wizard.go_to("identity")
    await rig.wait(lambda: wizard.query("#name"), "the identity step")
    wizard.query_one("#name", Input).value = CREATED
    wizard.query_one("#password", Input).value = PASSWORD
    await rig.press("f3")
    create = await rig.wait(
        lambda: wizard.query("#create"), f"the review (at {wizard.step})"
    )
    assert not create.first(Button).disabled, "the review found problems"
    create.first(Button).press()

    await _create_outcome(rig, wizard)
    assert rig.fault_fired("POST /service/server"), "the fault never hit the create"
    rig.stop_faults()
    await probe_list(rig)
    check_arrivals(rig, "POST", "/service/server")


async def _create_outcome(rig: Rig, wizard: CreateWizardScreen) -> None:
    names = ["Create server", CREATED]
    outcome = _outcome(rig)
    if outcome == "refused":
        # The review names the server a line above its reason.
        await expect_message(rig, ["Create server"], toast=False)
        assert (wizard.draft.name, wizard.draft.password) == (CREATED, PASSWORD)
        return

    found = await rig.wait(lambda: _answered(rig, "POST", "/service/server"), "")
    if outcome == "landed":
        rig.advance(QUEUE_DELAY + 1)
        await expect_message(rig, names, toast=False)
    task = await rig.wait(lambda: _task_named(rig, CREATED), "the create's task")
    if outcome == "window":
        await expect_message(rig, names, toast=False, screen=False, tasks=True)
    _check_carried(found, {"name": CREATED})
    await _run_to_end(rig, task)
    await rig.wait(lambda: CREATED in rig.listed_names(), "the new server listed")


def _task_named(rig: Rig, name: str):
    return next(
        (t for t in rig.app.tasks if t.server_name == name and not t.ended), None
    )


async def queue_search_cell(rig: Rig) -> None:
    """A change's answer drops and the queue search itself meets the fault."""
    server = await on_server(rig, "game-server-eu")
    put = f"/service/server/{server.id}/power"
    with rig.sim.lock:
        rig.sim.faults.script(f"PUT {put}", ["drop"])
    rig.inject("GET /service/queue")
    await rig.press("u")
    await confirm(rig)
    await rig.wait(lambda: _answered(rig, "PUT", put), "the power request")

    if rig.mode.id == "window":
        await rig.wait(lambda: len(rig.requests("GET", "/service/queue")) >= 2, "")
        rig.advance(QUEUE_DELAY + 1)
        task = await rig.wait(lambda: _task_for(rig, server), "the command found")
        await expect_message(
            rig, ["Power on", server.name], screen=False, words=DROP_WORDS
        )
        await _run_to_end(rig, task)
    else:
        names = ["Power on", server.name, "List commands"]
        await expect_message(rig, names, screen=False)
        assert rig.fault_fired("GET /service/queue"), "the search met no fault"
        rig.stop_faults()
        rig.advance(FINISH)
    rig.stop_faults()
    await rig.wait(
        lambda: _power_in_list(rig, server.id) == "on", "the server on in the list"
    )
    assert len(rig.requests("PUT", put)) == 1


def _power_in_list(rig: Rig, server_id: str) -> str:
    row = next(r for r in rig.list_table().rows if r.key == server_id)
    return str(row.cells[2])


# Choosing what to type, from what the form offers


def first_other(name: str, current) -> Callable[[FormDialog, object], dict]:
    """The first choice that is not the server's current value."""

    def values(form: FormDialog, server) -> dict:
        have = current(server)
        return {name: next(c for c in form.choices(name) if c != have)}

    return values


def bigger_disk(form: FormDialog, server) -> dict:
    size = next(s for s in form.choices("size") if s > server.disks[0].size_gb)
    return {"index": 0, "size": size}


def monthly(form: FormDialog, server) -> dict:
    return {"cycle": "monthly", "traffic": form.choices("traffic")[0]}


WRITES = {
    "power": Write("Power off", "web-02.shop-prod", "d", "PUT", "server/{id}/power"),
    "rename": Write(
        "Rename",
        "api-01.shop-prod",
        "n",
        "PUT",
        "server/{id}/rename",
        lambda form, server: {"name": "api-01-renamed"},
    ),
    "password": Write(
        "Reset password",
        "cache-01.shop-prod",
        "P",
        "PUT",
        "server/{id}/password",
        lambda form, server: {"password": PASSWORD},
    ),
    "cpu": Write(
        "Change CPU",
        "api.billing",
        "c",
        "PUT",
        "server/{id}/cpu",
        first_other("cpu", lambda server: server.cpu),
    ),
    "ram": Write(
        "Change RAM",
        "k8s-master-1",
        "m",
        "PUT",
        "server/{id}/ram",
        first_other("ram", lambda server: server.ram),
    ),
    "disk_add": Write(
        "Add disk",
        "k8s-node-1",
        "a",
        "POST",
        "server/{id}/disk",
        lambda form, server: {"size": form.choices("size")[0]},
    ),
    "disk_resize": Write(
        "Resize disk", "k8s-node-2", "z", "PUT", "server/{id}/disk", bigger_disk
    ),
    "disk_remove": Write(
        "Remove disk",
        "db-replica.billing",
        "D",
        "DELETE",
        "server/{id}/disk/remove",
        lambda form, server: {"index": 1},
    ),
    "billing": Write(
        "Change billing",
        "vpn-gateway",
        "b",
        "PUT",
        "server/{id}/billing",
        monthly,
        makes_command=False,
    ),
    "clone": Write(
        "Clone",
        "monitoring",
        "C",
        "POST",
        "server/clone",
        lambda form, server: {"name": "monitoring-copy", "password": PASSWORD},
    ),
    "terminate": Write(
        "Terminate",
        "web-03.shop-prod",
        "T",
        "DELETE",
        "server/{id}/terminate",
        typed_name=True,
    ),
    "snapshot_create": Write(
        "Take snapshot",
        "staging-web",
        "n",
        "POST",
        "server/{id}/snapshot",
        lambda form, server: {"name": "before-fault"},
        screen="snapshots",
        pick=lambda server: None,
    ),
    "snapshot_revert": Write(
        "Revert to snapshot",
        "db-primary.billing",
        "v",
        "PUT",
        "server/{id}/snapshot",
        screen="snapshots",
        pick=lambda server: next(
            s.id for s in server.snapshots if s.id != server.active_snapshot
        ),
    ),
    "snapshot_delete": Write(
        "Delete snapshot",
        "staging-api",
        "x",
        "DELETE",
        "server/{id}/snapshot",
        screen="snapshots",
        pick=lambda server: server.snapshots[-1].id,
    ),
    "hdlib_clone": Write(
        "Clone disk to image",
        "mail.corp",
        "c",
        "POST",
        "server/{id}/hdlib",
        lambda form, server: {"name": "mail-corp-image"},
        screen="library",
    ),
}
