"""A text field whose editing keys act in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.binding import Binding, NoBinding
from textual.widgets import Input


class TextInput(Input):
    """Textual inserts a typed character as soon as the field gets its key,
    but runs the field's own bindings (backspace, ctrl+u, ctrl+w, arrows)
    only after the key has bubbled up to the app, one message per level.
    In a burst (a paste, a password manager, a slow SSH link) the characters
    after such a key overtook it: ctrl+u then a name cleared the name.
    Here the field runs its own bindings at once, in order.
    """

    async def _on_key(self, event: events.Key) -> None:
        binding = self._own_binding(event.key)
        if binding is None:
            await super()._on_key(event)
            return

        event.stop()
        event.prevent_default()
        await self.run_action(binding.action)

    def _own_binding(self, key: str) -> Binding | None:
        try:
            bindings = self._bindings.get_bindings_for_key(key)
        except NoBinding:
            return None
        return next((binding for binding in bindings if not binding.priority), None)
