"""The wizard's review step, the create itself and what comes after it."""

from __future__ import annotations

import json
import time

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...api import ApiError, CreateUnconfirmed, created_server
from ...tasks import Task
from ..errors import with_advice
from ..ledger_notes import (
    attempt_of_create,
    record_failed,
    record_sending,
    record_sent,
)
from ..server_rows import format_ram
from ..task_follower import TaskEnded
from ..wizard_draft import STEP_TITLES


class ReviewStep(Screen):
    """Review, create and follow; part of ``CreateWizardScreen``."""

    def _step_review(self):
        request = self.draft.request()
        problems = self.draft.problems_by_step(self.options)
        image = self.draft.image(self.options)
        lines = [
            ("Datacenter", self.draft.datacenter),
            ("Image", image.description if image else "none"),
            ("CPU", self.draft.cpu),
            ("RAM", format_ram(self.draft.ram_mb) or "none"),
            ("Disks", ", ".join(f"{s} GB" for s in self.draft.disks) or "none"),
            ("Networks", ", ".join(n.network for n in request.nics)),
            ("Billing", f"{self.draft.billing} {request.traffic or ''}".strip()),
            ("Name", self.draft.name),
            ("Password", "set (hidden)" if self.draft.password else "not set"),
            ("SSH key", "yes" if self.draft.ssh_key else "no"),
            (
                "Script",
                f"{len(self.draft.script)} bytes" if self.draft.script else "no",
            ),
            ("Extras", self._extras()),
        ]
        for label, value in lines:
            yield Static(Text.assemble((f"{label:11}", "bold"), value))
        if self._submit_error:
            yield Static(
                Text(self._submit_error), id="submit-error", classes="field-problem"
            )
        for step, messages in problems.items():
            yield Horizontal(
                Button(f"Fix {STEP_TITLES[step]}", id=f"goto-{step}", compact=True),
                Static(Text("; ".join(messages)), classes="field-problem"),
                classes="wizard-row",
            )
        yield Static(
            Text(json.dumps(request.masked_form(), indent=1)), id="review-json"
        )
        yield Horizontal(
            Button("Copy JSON", id="copy-json", compact=True),
            Button(
                "Create",
                id="create",
                variant="primary",
                disabled=bool(problems),
                compact=True,
            ),
            classes="dialog-buttons",
        )

    def _extras(self) -> str:
        chosen = [
            name
            for name, on_ in (
                ("managed", self.draft.managed),
                ("daily backup", self.draft.backup),
                ("power on", self.draft.power_on),
            )
            if on_
        ]
        return ", ".join(chosen) or "none"

    @on(Button.Pressed, "#copy-json")
    def _copy_json(self) -> None:
        self.app.copy_to_clipboard(
            json.dumps(self.draft.request().masked_form(), indent=1)
        )
        self.notify("Request copied as JSON (password masked).", timeout=3)

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.query_one("#create", Button).disabled = True
        self._submit()

    @work(exclusive=True, group="wizard-create", exit_on_error=False)
    async def _submit(self) -> None:
        request = self.draft.request()
        record_sending(self.app, attempt_of_create(request))
        try:
            submitted = await self.app.session.client.create_server(
                request, self.options
            )
        except CreateUnconfirmed as exc:
            record_failed(self.app, attempt_of_create(request), exc)
            await self._failed(exc.message)
            return
        except ApiError as exc:
            record_failed(self.app, attempt_of_create(request), exc)
            await self._failed(with_advice(f"{exc.title}: {exc.message}", exc))
            return

        record_sent(
            self.app,
            attempt_of_create(request),
            submitted.command_id,
            submitted.recovered,
        )
        self.command_id = submitted.command_id
        self.query_one("#wizard-buttons").display = False
        self.app.follower.track(
            Task(
                command_id=submitted.command_id,
                server_id="",
                server_name=request.name,
                action="Create server",
                submitted_at=time.time(),
                note=submitted.recovered,
                creates=True,
            )
        )
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        found = f" ({submitted.recovered})" if submitted.recovered else ""
        await body.mount(
            Static(
                Text(
                    f"Creating {request.name}: command {submitted.command_id}{found}. "
                    "Follow it in the task panel; this screen says when it is done."
                ),
                id="wizard-result",
            )
        )

    async def _failed(self, message: str) -> None:
        self._submit_error = message
        await self._show_step()

    @on(TaskEnded)
    async def _task_ended(self, message: TaskEnded) -> None:
        if message.task.command_id != self.command_id:
            return
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        if not message.task.succeeded:
            await body.mount(
                Static(
                    Text(f"The create ended {message.task.status}:\n{message.task.log}")
                )
            )
            return
        made = created_server(message.task.log)
        open_button = Button(
            "Open it", id="open-created", variant="primary", compact=True
        )
        where = made.public_ip or "no public IP yet"
        await body.mount(Static(Text(f"Created {made.name} at {where}.")), open_button)
        self.created_name = made.name
        self.set_focus(open_button)

    @on(Button.Pressed, "#open-created")
    def _open_created(self) -> None:
        self.app.open_server_named(self.created_name)
