"""Commands for kamatui to follow during a benchmark, and what following cost.

Two ways in, both what a user does: marked servers restarted through the
keys (``RestartBatches``, which can start a new batch whenever the last one
ended), and commands sent before the app starts and left in its task file
(``seed_task_file``), which it resumes on start.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from processes import SimAccount, advance_clock, fetch_servers, http_json
from pty_app import PROFILE, PtyApp

from kamatui.api import CloneRequest, Credentials, KamateraClient, generate_password
from kamatui.api import changes as api_changes
from kamatui.ledger import SENDING, ledger_file
from kamatui.paths import resolve_paths
from kamatui.tasks import Task, poll_interval, task_file

QUEUE_POLL = "GET /service/queue/{id}"
BUCKETS = ((0, 60, "< 1 min"), (60, 600, "1-10 min"), (600, float("inf"), "> 10 min"))
"""Where ``poll_interval`` changes step: every 2 s, then 5 s, then 15 s."""
DIALOG_TEXT = b"to confirm"
"""In the bulk confirmation: "Type N to confirm:"."""
DIALOG_TIMEOUT = 20.0
SEND_TIMEOUT = 120.0


def state_dir(home: Path) -> Path:
    return resolve_paths({"KAMATUI_HOME": str(home)}).state_dir


def power_on(account: SimAccount, servers: list[dict]) -> None:
    """Put these servers on, straight through the API, before the app starts."""
    for server in servers:
        if server["power"] != "on":
            path = f"{account.url}/server/{server['id']}/power"
            http_json(path, method="PUT", headers=account.headers, body={"power": "on"})
    advance_clock(account, 60)  # past any power-on's end, on the simulated clock
    wanted = {server["id"] for server in servers}
    on = {
        s["id"] for s in fetch_servers(account.url, account.client_id, account.secret)
    }
    if not wanted <= on:
        raise RuntimeError(f"{len(wanted - on)} servers did not come on")


class LedgerWatch:
    """The app's action ledger read as it grows: which commands went, which ended.

    Times are when the benchmark read the line, within one loop of the app
    writing it: close enough to time commands that last seconds or more.
    """

    def __init__(self, home: Path) -> None:
        self.path = ledger_file(state_dir(home))
        self._offset = 0
        self._partial = b""
        self.sent: dict[int, float] = {}
        self.ended: dict[int, float] = {}
        self.failed: list[str] = []
        """Actions the app did not get a command for, with the reason."""

    @property
    def in_flight(self) -> int:
        return len(self.sent.keys() - self.ended.keys())

    def read(self) -> None:
        try:
            with self.path.open("rb") as ledger:
                ledger.seek(self._offset)
                data = ledger.read()
        except FileNotFoundError:
            return
        self._offset += len(data)
        *lines, self._partial = (self._partial + data).split(b"\n")
        now = time.monotonic()
        for row in (json.loads(line) for line in lines if line.strip()):
            if row["kind"] == "outcome":
                self.ended.setdefault(row["command_id"], now)
            elif row["outcome"] == SENDING:
                continue  # on its way: the line with its answer follows
            elif row["outcome"] == "sent":
                self.sent.setdefault(row["command_id"], now)
            else:
                self.failed.append(f"{row['server_name']}: {row['outcome']}")


class RestartBatches:
    """Keeps ``count`` restarts in flight: when a batch has ended, the next goes.

    Each batch is what a user types: ``g`` for the top row, ``space`` on each
    of the first ``count`` rows to mark them, ``R``, the count typed into the
    confirmation, Enter. The top rows must be on (see ``power_on``).
    """

    def __init__(self, app: PtyApp, ledger: LedgerWatch, count: int) -> None:
        self._app = app
        self._ledger = ledger
        self._count = count
        self._state = self._start
        self._deadline = 0.0
        self._since = 0
        self._goal = 0
        self.batches = 0
        self.first_in_flight: float | None = None
        """When the first batch was all sent."""

    def step(self) -> None:
        """Move on if the app is ready for the next key; never waits."""
        self._state()

    def _start(self) -> None:
        self._since = self._app.written
        self._app.send(b"g" + b" " * self._count + b"R")
        self._wait(self._asking, DIALOG_TIMEOUT)

    def _asking(self) -> None:
        if self._app.seen(DIALOG_TEXT, self._since):
            self._goal = len(self._ledger.sent) + self._count
            self._app.send(str(self._count).encode() + b"\r")
            self._wait(self._sending, SEND_TIMEOUT)
        else:
            self._check_deadline("the bulk confirmation")

    def _sending(self) -> None:
        if self._ledger.failed:
            raise RuntimeError(f"restarts were refused: {self._ledger.failed[:5]}")
        if len(self._ledger.sent) >= self._goal:
            self.batches += 1
            if self.first_in_flight is None:
                self.first_in_flight = time.monotonic()
            self._state = self._running
        else:
            self._check_deadline(f"{self._count} restarts sent")

    def _running(self) -> None:
        if not self._ledger.in_flight:
            self._state = self._start

    def _wait(self, state, seconds: float) -> None:
        self._state = state
        self._deadline = time.monotonic() + seconds

    def _check_deadline(self, what: str) -> None:
        if time.monotonic() > self._deadline:
            screen = self._app.screen_text()
            raise RuntimeError(f"timed out waiting for {what}; the screen:\n{screen}")


# Commands sent before the app starts, each kind lasting a different time.

SEED_KINDS = ("rename", "power off", "restart", "snapshot", "add disk", "clone")


async def _send_seeds(account: SimAccount, per_kind: int) -> list[tuple[Task, float]]:
    """``per_kind`` commands of each kind, each on a server of its own, with
    the moment each was sent."""
    servers = sorted(
        fetch_servers(account.url, account.client_id, account.secret),
        key=lambda server: server["name"].lower(),
    )
    on = iter(s for s in servers if s["power"] == "on")
    off = iter(s for s in servers if s["power"] != "on")
    key = Credentials(account.client_id, account.secret)
    tasks = []
    async with KamateraClient(key, base_url=account.url) as client:
        for kind in SEED_KINDS:
            for number in range(per_kind):
                server = next(on if kind in ("power off", "restart") else off)
                title, command_id = await _send_seed(client, kind, server, number)
                task = _task(command_id, server, title, creates=kind == "clone")
                tasks.append((task, time.monotonic()))
    return tasks


async def _send_seed(client: KamateraClient, kind: str, server: dict, number: int):
    server_id = server["id"]
    if kind == "clone":
        request = CloneRequest(
            source_id=server_id,
            name=f"bench-clone-{number}",
            password=generate_password(),
            power_on=False,
        )
        return "Clone", (await client.clone_server(request)).command_id
    change = {
        "rename": lambda: api_changes.rename(server_id, f"bench-renamed-{number}"),
        "power off": lambda: api_changes.power(server_id, "off"),
        "restart": lambda: api_changes.power(server_id, "restart"),
        "snapshot": lambda: api_changes.create_snapshot(server_id, "bench"),
        "add disk": lambda: api_changes.add_disk(server_id, 20),
    }[kind]()
    return change.title, await client.send(change)


def _task(command_id: int, server: dict, action: str, *, creates: bool) -> Task:
    return Task(
        command_id=command_id,
        server_id=server["id"],
        server_name=server["name"],
        action=action,
        submitted_at=time.time(),
        creates=creates,
    )


def seed_task_file(account: SimAccount, home: Path, per_kind: int) -> dict[int, float]:
    """Send the commands and leave them for the app; when each was sent."""
    sent = asyncio.run(_send_seeds(account, per_kind))
    path = task_file(state_dir(home), PROFILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(task) for task, _ in sent]))
    return {task.command_id: moment for task, moment in sent}


# Polls per command.


@dataclass(frozen=True)
class Followed:
    """One command the app followed from start to end."""

    command_id: int
    seconds: float
    """From its send until the app saw it end."""
    polls: int
    """``GET /service/queue/{id}`` requests the simulator had for it."""


def followed(
    sent: dict[int, float], ended: dict[int, float], polls: dict[str, int]
) -> list[Followed]:
    """Every command that ended, with its time followed and its polls."""
    return [
        Followed(
            command_id,
            ended[command_id] - start,
            polls.get(f"/service/queue/{command_id}", 0),
        )
        for command_id, start in sent.items()
        if command_id in ended
    ]


def polls_by_back_off(seconds: float) -> int:
    """Polls the back-off alone asks for in ``seconds``, the one that sees the end
    included: without the 1 s tick or the time each answer takes."""
    moment, polls = 0.0, 1
    while moment < seconds:
        moment += poll_interval(moment)
        polls += 1
    return polls


@dataclass(frozen=True)
class BucketRow:
    label: str
    commands: int
    seconds: float
    polls: float
    back_off: float
    per_minute: float


def by_bucket(commands: list[Followed]) -> list[BucketRow]:
    """Medians per duration bucket, for the buckets that have commands."""
    rows = []
    for low, high, label in BUCKETS:
        inside = [c for c in commands if low <= c.seconds < high]
        if not inside:
            continue
        rows.append(
            BucketRow(
                label,
                len(inside),
                statistics.median(c.seconds for c in inside),
                statistics.median(c.polls for c in inside),
                statistics.median(polls_by_back_off(c.seconds) for c in inside),
                statistics.median(60 * c.polls / max(c.seconds, 1) for c in inside),
            )
        )
    return rows
