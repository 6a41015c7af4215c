"""Each server operation's id, name and default key: all that its key needs.

Kept apart from ``operations`` (forms, requests, side effects), which is
imported when an operation is first used: the keys must exist before the
first screen is drawn, the rest need not.
"""

NAMES: dict[str, tuple[str, str]] = {
    "power_on": ("Power on", "u"),
    "power_off": ("Power off", "d"),
    "restart": ("Restart", "R"),
    "rename": ("Rename", "n"),
    "password": ("Reset password", "P"),
    "cpu": ("Change CPU", "c"),
    "ram": ("Change RAM", "m"),
    "add_disk": ("Add disk", "a"),
    "resize_disk": ("Resize disk", "z"),
    "remove_disk": ("Remove disk", "D"),
    "billing": ("Change billing", "b"),
    "clone": ("Clone", "C"),
    "terminate": ("Terminate", "T"),
}
"""Operation id to its title and its key before the config remaps it."""
