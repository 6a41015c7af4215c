"""A faithful, seeded, in-process fake of Kamatera's native cloud API.

It stands in for Kamatera's servers, so it never imports the client in
``kamatui.api`` (a shared bug could then hide) nor anything of the UI.
"""

from kamatui.sim.clock import SimClock
from kamatui.sim.serve import serve_in_thread
from kamatui.sim.simulator import Simulator

__all__ = ["SimClock", "Simulator", "serve_in_thread"]
