"""A drop-down choice that survives being removed while it mounts."""

from __future__ import annotations

from textual import events
from textual.widgets import Select


class Choice(Select):
    """Textual's Select fills in its label and option list when it mounts.
    When it is removed in that moment (a form closed as it opens, a wizard
    step replaced, the app quitting), those parts are gone already and
    Select's handler raises, which ends the app. This one skips the filling
    in when there is nothing left to fill."""

    def _on_mount(self, event: events.Mount) -> None:
        if not (self.query("SelectOverlay") and self.query("SelectCurrent #label")):
            event.prevent_default()
