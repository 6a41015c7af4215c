"""Left and right move between a dialog's buttons, as in most dialogs.

Tab does too, but a hand at the arrow keys reaches for right to go from
Cancel to the button that acts. In a text field the field keeps its arrows.
"""

from __future__ import annotations

from textual.binding import Binding

BUTTON_KEYS = [
    Binding(
        "left", "app.focus_previous", "Previous button", show=False, id="dialog.left"
    ),
    Binding("right", "app.focus_next", "Next button", show=False, id="dialog.right"),
]
