"""Changes that fail on the way: what the user is told and what they keep.

A change with a form opens it again, with what was typed and the reason,
whether the API refused it, the connection never opened, or its answer was
lost and nothing turned up in the queue. A change that may have been made is
looked for in the queue, never reported as refused.
"""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import Button, Input, Static

from kamatui.api import Credentials
from kamatui.api.errors import RateLimited
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.errors import advice
from tests.ui.support import (
    app_for,
    loaded,
    record_notifications,
    screen_with,
    session_for,
    table_of,
    wait_until,
)

QUICK_SEARCH = {"_reconcile_wait": 0.1, "_reconcile_interval": 0.02}


class Refusing(httpx.AsyncBaseTransport):
    """Refuses the connection for requests to paths ending in ``suffix``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, suffix: str) -> None:
        self._inner = inner
        self._suffix = suffix

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET" and request.url.path.endswith(self._suffix):
            raise httpx.ConnectError("[Errno 111] Connection refused")
        return await self._inner.handle_async_request(request)


def quick_search(app) -> None:
    for name, value in QUICK_SEARCH.items():
        setattr(app.session.client, name, value)


def requests_to(sim, method: str, suffix: str) -> list:
    return [
        e for e in sim.request_log if e.method == method and e.path.endswith(suffix)
    ]


async def put_cursor_on(pilot, sim, name: str):
    server = next(s for s in sim.account.listed() if s.name == name)
    table_of(pilot.app).move_cursor_to_key(server.id)
    await pilot.pause()
    return server


async def rename_to(pilot, new_name: str) -> FormDialog:
    """Press n, type the new name, review and confirm; the first form."""
    await pilot.press("n")
    form = await screen_with(pilot, FormDialog, "#field-name")
    form.query_one("#field-name", Input).value = new_name
    await pilot.pause()
    form.query_one("#submit", Button).press()
    await confirm(pilot)
    return form


async def confirm(pilot) -> None:
    dialog = await screen_with(pilot, ConfirmChange, "#confirm")
    dialog.query_one("#confirm", Button).press()
    await wait_until(pilot, lambda: pilot.app.screen is not dialog)


async def form_again(pilot, first: FormDialog) -> tuple[FormDialog, str]:
    """The form opened again after ``first``, and the reason it shows."""
    app = pilot.app
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, FormDialog)
            and app.screen is not first
            and app.screen.query("#form-error")
        ),
    )
    form = app.screen
    await wait_until(pilot, lambda: str(form.query_one("#form-error", Static).content))
    return form, str(form.query_one("#form-error", Static).content)


async def test_a_refused_connection_keeps_what_was_typed(sim):
    """Nothing left: the form opens again with the name, and says so."""
    creds = Credentials(sim.client_id, sim.secret)
    transport = Refusing(httpx.ASGITransport(app=sim.app), "/rename")
    app = app_for(session_for(transport, creds))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        server = await put_cursor_on(pilot, sim, "web-01.shop-prod")
        first = await rename_to(pilot, "web-01-new")
        form, reason = await form_again(pilot, first)
        assert form.query_one("#field-name", Input).value == "web-01-new"
        assert "could not connect" in reason and "Nothing was sent" in reason
    assert requests_to(sim, "PUT", f"{server.id}/rename") == []


async def test_a_lost_answer_with_nothing_queued_keeps_what_was_typed(app, sim):
    """The answer dropped and no command showed: the form again, name kept."""
    quick_search(app)
    sim.faults.set("PUT /service/server/*/rename", "drop")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        server = await put_cursor_on(pilot, sim, "web-01.shop-prod")
        first = await rename_to(pilot, "web-01-new")
        form, reason = await form_again(pilot, first)
        assert form.query_one("#field-name", Input).value == "web-01-new"
        assert "the connection dropped" in reason
        assert "no command for web-01.shop-prod appeared" in reason
        assert "check the server" in reason
    assert len(requests_to(sim, "PUT", f"{server.id}/rename")) == 1


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("malformed", "not valid JSON; looking in the queue"),
        ("gateway_timeout", "HTTP 504 in the API's place; looking in the queue"),
    ],
)
async def test_an_answer_lost_after_the_api_acted_is_found_not_refused(
    app, sim, monkeypatch, mode, said
):
    """A 200 cut short, or a proxy's 504 after the API acted: the command is
    looked for and followed, never reported as refused; sent once."""
    quick_search(app)
    app.session.client._reconcile_wait = 3
    sim.faults.set("PUT /service/server/*/power", mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        server = await put_cursor_on(pilot, sim, "web-02.shop-prod")
        await pilot.press("d")
        await confirm(pilot)
        await wait_until(pilot, lambda: requests_to(sim, "PUT", "/power"))
        sim.clock.advance(3)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        (task,) = list(app.tasks)
        assert task.server_id == server.id and task.note == "answer lost; found"
        assert any(said in note for note in shown), shown
    assert len(requests_to(sim, "PUT", "/power")) == 1


async def power_off_web_02(pilot, sim, monkeypatch) -> list[str]:
    """The list loaded, then power off web-02 confirmed; the toasts shown
    from then on."""
    await loaded(pilot)
    shown = record_notifications(pilot.app, monkeypatch)
    await put_cursor_on(pilot, sim, "web-02.shop-prod")
    await pilot.press("d")
    await confirm(pilot)
    return shown


async def clone_monitoring(pilot, sim) -> FormDialog:
    """C on monitoring, a password typed, the form sent and confirmed."""
    await put_cursor_on(pilot, sim, "monitoring")
    await pilot.press("C")
    form = await screen_with(pilot, FormDialog, "#field-password")
    form.query_one("#field-password", Input).value = "Cc123456789xyz"
    await pilot.pause()
    form.query_one("#submit", Button).press()
    await confirm(pilot)
    return form


async def test_an_unconfirmed_clone_is_not_looked_for_twice(app, sim, monkeypatch):
    """The client searched already: the form says what it found, once."""
    quick_search(app)
    sim.faults.set("POST /service/server/clone", "drop")
    sim.faults.set("GET /service/queue", "unavailable")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        first = await clone_monitoring(pilot, sim)
        form, reason = await form_again(pilot, first)
        assert form.query_one("#field-password", Input).value == "Cc123456789xyz"
        assert "Clone server: the connection dropped" in reason
        assert "the queue could not be read" in reason
        assert not any("looking in the queue" in note for note in shown)
    assert len(requests_to(sim, "POST", "/clone")) == 1


async def test_a_clone_found_after_its_answer_dropped_says_so(app, sim, monkeypatch):
    """The clone's command is found in the queue: a toast says how."""
    app.session.client._reconcile_wait = 3
    app.session.client._reconcile_interval = 0.02
    sim.faults.set("POST /service/server/clone", "drop")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await clone_monitoring(pilot, sim)
        await wait_until(pilot, lambda: requests_to(sim, "POST", "/clone"))
        sim.clock.advance(3)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        assert next(iter(app.tasks)).note == "answer lost; found"
        found = [note for note in shown if "found as command" in note]
        assert found and "monitoring" in found[0] and "task panel" in found[0]


async def test_a_lost_billing_answer_is_not_looked_for_in_the_queue(app, sim):
    """Billing makes no command: the form again, told the change is unknown."""
    quick_search(app)
    sim.faults.set("PUT /service/server/*/billing", "drop")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, sim, "vpn-gateway")
        await pilot.press("b")
        first = await screen_with(pilot, FormDialog, "#field-cycle")
        await wait_until(pilot, lambda: first.query("#field-traffic #label"))
        first.query_one("#field-cycle").value = "monthly"
        first.query_one("#field-traffic").value = first.choices("traffic")[0]
        await pilot.pause()
        first.query_one("#submit", Button).press()
        await confirm(pilot)
        form, reason = await form_again(pilot, first)
        assert "may or may not have been made" in reason
    assert requests_to(sim, "GET", "/service/queue") == []


async def test_a_refusal_without_a_form_names_the_server_and_what_to_do(
    app, sim, monkeypatch
):
    """Power off refused with a 500: the server, the API's words, a hint."""
    sim.faults.set("PUT /service/server/*/power", "server_error")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await power_off_web_02(pilot, sim, monkeypatch)
        await wait_until(pilot, lambda: any("error occurred" in n for n in shown))
        (told,) = [note for note in shown if "error occurred" in note]
        assert told.startswith("web-02.shop-prod: Power off: error occurred.")
        assert "try again" in told


async def test_choices_that_fail_to_load_name_the_server_and_the_call(
    app, sim, monkeypatch
):
    """The CPU choices cannot be read: which server, which call, and a hint."""
    sim.faults.set("GET /service/server/*/cpu", "unavailable")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await put_cursor_on(pilot, sim, "web-02.shop-prod")
        await pilot.press("c")
        await wait_until(pilot, lambda: any("CPU options" in n for n in shown))
        (told,) = [note for note in shown if "CPU options" in note]
        assert told.startswith("web-02.shop-prod: CPU options:")
        assert "HTTP 503" in told and "try again in a minute" in told


def test_advice_waits_as_long_as_the_api_asked():
    """A 429's Retry-After is the wait the advice names."""
    assert "try again in 5 s" in advice(RateLimited("x", retry_after=5))
    assert "try again in a moment" in advice(RateLimited("x"))


async def test_opening_the_new_server_when_the_list_fails_says_what_to_do(
    app, sim, monkeypatch
):
    """o after a create, with the list failing: which server, why, what next."""
    sim.faults.set("/service/servers", "unavailable")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = record_notifications(app, monkeypatch)
        app.last_created = "web-9"
        app.open_server_named("web-9")
        await wait_until(pilot, lambda: any("Opening web-9" in m for m in shown))
        message = next(m for m in shown if "Opening web-9" in m)
        assert "503" in message and "try again" in message


async def test_a_lost_answer_is_not_pinned_on_the_servers_earlier_command(
    app, sim, monkeypatch
):
    """The server's last command, sent before the app started and finished
    long ago, is not taken for the change whose answer was lost."""
    from kamatui.api import KamateraClient
    from tests.ui.support import SIM_URL

    server = next(s for s in sim.account.listed() if s.name == "web-02.shop-prod")
    other = KamateraClient(
        Credentials(sim.client_id, sim.secret),
        base_url=SIM_URL,
        transport=httpx.ASGITransport(app=sim.app),
    )
    async with other:
        earlier = await other.power(server.id, "off")
    sim.clock.advance(600)

    quick_search(app)
    app.session.client._reconcile_wait = 3
    sim.faults.set("PUT /service/server/*/power", "gateway_timeout")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, sim, server.name)
        await pilot.press("u")
        await confirm(pilot)
        await wait_until(pilot, lambda: requests_to(sim, "PUT", "/power")[1:])
        await pilot.pause(0.3)
        assert not app.tasks, "the earlier command was taken for the lost one"
        sim.clock.advance(3)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        (task,) = list(app.tasks)
    assert task.command_id > earlier
    assert task.note == "answer lost; found"


async def test_a_slow_answer_is_said_again_while_it_is_awaited(app, sim, monkeypatch):
    """No stretch of a long wait goes without a toast saying what is awaited."""
    from kamatui.ui import operation_flow

    monkeypatch.setattr(operation_flow, "SLOW", 0.05)
    monkeypatch.setattr(operation_flow, "STILL_WAITING", 0.4)
    sim.faults.set("PUT /service/server/*/power", "latency", delay=1.3)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await power_off_web_02(pilot, sim, monkeypatch)
        await wait_until(pilot, lambda: len(app.tasks) == 1, tries=400)
    waiting = [note for note in shown if note.startswith("Sending Power off")]
    assert waiting[0] == "Sending Power off…"
    assert len(waiting) >= 3, waiting
    assert waiting[-1].endswith(" s so far)")
