"""A faithful, seeded, in-process fake of Kamatera's native cloud API.

It stands in for Kamatera's servers, so it never imports the client in
``kamatui.api`` (a shared bug could then hide) nor anything of the UI.
"""

from kamatui.sim.clock import SimClock
from kamatui.sim.simulator import Simulator

__all__ = ["SimClock", "Simulator", "serve_in_thread"]


def __getattr__(name: str):
    """``serve_in_thread`` brings in uvicorn, which the in-process demo never
    needs: it is imported only when asked for."""
    if name == "serve_in_thread":
        from kamatui.sim.serve import serve_in_thread

        return serve_in_thread
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
