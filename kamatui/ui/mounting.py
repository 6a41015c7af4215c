"""Mount handlers that stand down when their screen is closing as it opens.

A screen can be popped, or the app can quit, in the moment between the
screen being pushed and its mount handler running. By then Textual is
removing the screen's widgets, and a handler that looks them up raises,
which ends the app. Handlers wrapped here do nothing in that case.
"""

from __future__ import annotations

import functools
import inspect

from textual.screen import Screen


def closing(screen: Screen) -> bool:
    """Whether ``screen`` is being removed: popped, or the app quitting.

    Once the app is told to exit, Textual mounts no more widgets, so a
    screen pushed just before has none to look up.
    """
    app = screen.app
    quitting = app.return_code is not None or not app.is_running
    return quitting or screen not in app.screen_stack


def unless_closing(handler):
    """``handler`` (a screen's ``on_mount``, plain or async), skipped while
    its screen is closing."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def on_mount_async(screen: Screen) -> None:
            if not closing(screen):
                await handler(screen)

        return on_mount_async

    @functools.wraps(handler)
    def on_mount(screen: Screen) -> None:
        if not closing(screen):
            handler(screen)

    return on_mount
