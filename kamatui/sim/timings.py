"""How long each command runs, in simulated seconds at speed 1.

Creates take minutes and power changes seconds, as on the live API; the
clock's speed scales them all together.
"""

CREATE = 150.0
CLONE = 180.0
TERMINATE = 40.0
POWER_ON = 15.0
POWER_OFF = 10.0
RESTART = 20.0
CPU = 45.0
RAM = 45.0
DISK_RESIZE = 60.0
DISK_ADD = 40.0
DISK_REMOVE = 30.0
SNAPSHOT_CREATE = 25.0
SNAPSHOT_REVERT = 45.0
SNAPSHOT_DELETE = 20.0
RENAME = 5.0
PASSWORD = 10.0
DISK_CLONE = 90.0
