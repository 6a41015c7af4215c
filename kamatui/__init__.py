"""kamatui: a terminal UI for running servers on the Kamatera cloud."""

__version__ = "0.1.0"
