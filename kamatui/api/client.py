"""The async Kamatera client: every server operation the native API offers.

One ``KamateraClient`` owns one ``Connection`` (and so one
``httpx.AsyncClient``). Each method sends one request, returns typed values
and raises only the client's own errors. Methods that change something
return the id of the queued command that does the work; ``wait_for_command``
follows it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from . import changes, commands
from .auth import AUTH_HEADER_PAIR, Credentials
from .cache import CatalogCache
from .catalog import ServerOptions, parse_ram_table
from .changes import Change
from .command_floor import CommandFloor
from .connection import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    ENCODING_FORM,
    Connection,
)
from .errors import (
    ApiError,
    ConnectionFailed,
    GatewayFailed,
    TransportError,
    WritesLocked,
    outcome_unknown,
)
from .models import QueuedCommand, ServerInfo, ServerSummary, parse_server_list
from .requests import CloneRequest, CreateServerRequest
from .resources import (
    BillingState,
    LibraryDisk,
    Snapshot,
    parse_cpu_choices,
    parse_disk_sizes,
    parse_library,
    parse_snapshots,
)
from .retry import NO_RETRY, RetryPolicy
from .urls import DEFAULT_API_URL, check_api_url
from .validation import raise_if
from .wire import as_list, parse_command_id

log = logging.getLogger(__name__)

RECONCILE_WAIT = 30.0
"""How long to look for a change whose answer was lost: a new command is
missing from the queue for its first seconds."""
RECONCILE_INTERVAL = 2.0


@dataclass(frozen=True, slots=True)
class Submitted:
    """A create or clone the API took, and how we know it did."""

    command_id: int
    recovered: str = ""
    """Empty when the API answered; otherwise where the command was found
    after the connection failed (the request is never sent twice)."""


class CreateUnconfirmed(ConnectionFailed):
    title = "Create not confirmed"


class KamateraClient:
    """Talks to the native API at ``base_url`` (default: Kamatera's console)."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        base_url: str = DEFAULT_API_URL,
        auth_mode: str = AUTH_HEADER_PAIR,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retry: RetryPolicy | None = None,
        encoding: str = ENCODING_FORM,
        cache: CatalogCache | None = None,
        reconcile_wait: float = RECONCILE_WAIT,
        reconcile_interval: float = RECONCILE_INTERVAL,
        tls: ssl.SSLContext | None = None,
    ):
        self.base_url = check_api_url(base_url)
        self.client_id = credentials.client_id
        self._cache = cache
        self._reconcile_wait = reconcile_wait
        self._reconcile_interval = reconcile_interval
        self._conn = Connection(
            credentials,
            base_url=self.base_url,
            auth_mode=auth_mode,
            transport=transport,
            timeout=timeout,
            deadline=deadline,
            retry=retry or RetryPolicy(),
            encoding=encoding,
            tls=tls,
        )
        self.write_guard: Callable[[], str | None] | None = None
        """Asked before every change: a reason to refuse it, or None."""
        self._floor = CommandFloor()

    async def aclose(self) -> None:
        await self._conn.aclose()

    async def _call(self, method: str, path: str, *, mutating=False, **options):
        """Every request goes through here; a change first asks the guard."""
        if mutating:
            self._refuse_if_locked()
        return await self._conn.call(method, path, mutating=mutating, **options)

    def _refuse_if_locked(self) -> None:
        if self.write_guard is not None and (refusal := self.write_guard()):
            raise WritesLocked(refusal)

    async def _floor_before_change(self) -> int | None:
        """The newest command queued before a change leaves (see
        ``command_floor``); a locked session is refused before the read."""
        self._refuse_if_locked()
        return await self._floor.before_change(self._queued_ids)

    async def _queued_ids(self) -> list[int]:
        payload = await self._call("GET", "queue", retry=NO_RETRY, what="List commands")
        return [
            QueuedCommand.from_api(item).id for item in as_list(payload, field="queue")
        ]

    async def __aenter__(self) -> KamateraClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    # Reading the account

    async def list_servers(self) -> list[ServerSummary]:
        return parse_server_list(
            await self._call("GET", "servers", what="List servers")
        )

    async def server_info(self, server_id: str) -> ServerInfo:
        payload = await self._call("GET", f"server/{server_id}", what="Server details")
        return ServerInfo.from_api(_single(payload))

    async def server_options(self, *, refresh: bool = False) -> ServerOptions:
        """The options catalog, from the file cache while it is fresh."""
        cached = None
        if self._cache and not refresh:
            cached = self._cache.load(self.base_url, self.client_id)
        if cached is not None:
            try:
                return ServerOptions.from_api(cached)
            except ApiError:
                log.warning("cached server options are unusable; fetching anew")

        payload = await self._call("GET", "server", what="Server options")
        options = ServerOptions.from_api(payload)
        if self._cache:
            self._cache.store(self.base_url, self.client_id, payload)
        return options

    def forget_cached_options(self) -> None:
        """Drop the cached catalog, e.g. after a new private image was made."""
        if self._cache:
            self._cache.forget(self.base_url, self.client_id)

    async def check_credentials(self) -> int:
        """Prove the credentials work; returns how many servers they see."""
        return len(await self.list_servers())

    # The command queue

    async def get_command(self, command_id: int) -> QueuedCommand:
        payload = await self._call(
            "GET", f"queue/{command_id}", what=f"Command {command_id}"
        )
        command = QueuedCommand.from_api(_single(payload))
        self._floor.saw([command.id])
        return command

    async def list_commands(self) -> list[QueuedCommand]:
        """Active and recent commands of the account."""
        payload = await self._call("GET", "queue", what="List commands")
        commands = [
            QueuedCommand.from_api(item) for item in as_list(payload, field="queue")
        ]
        self._floor.saw(command.id for command in commands)
        return commands

    async def wait_for_command(self, command_id: int, **options) -> QueuedCommand:
        """Follow a command to its end; see ``commands.follow`` for options."""
        return await commands.follow(self.get_command, command_id, **options)

    # Creating and cloning: never retried, reconciled instead

    async def create_server(
        self, request: CreateServerRequest, options: ServerOptions | None = None
    ) -> Submitted:
        raise_if(request.problems(options))
        return await self._submit_new(
            "server", request.form(), request.name, "Create server"
        )

    async def clone_server(self, request: CloneRequest) -> Submitted:
        raise_if(request.problems())
        return await self._submit_new(
            "server/clone", request.form(), request.name, "Clone server"
        )

    async def _submit_new(self, path: str, form: dict, name: str, what: str):
        """Send once. If the answer is lost, look for the command rather than
        sending it again: a second create makes a second server."""
        floor = await self._floor_before_change()
        try:
            payload = await self._call(
                "POST", path, body=form, mutating=True, retry=NO_RETRY, what=what
            )
        except (TransportError, GatewayFailed) as exc:
            if not outcome_unknown(exc):
                raise
            return await self._reconcile(name, what, exc, floor)
        command_id = parse_command_id(payload)
        self._floor.saw([command_id])
        return Submitted(command_id)

    async def _reconcile(
        self, name: str, what: str, cause: ApiError, floor: int | None
    ):
        log.info("%s: answer lost (%s); looking for %s", what, cause, name)
        try:
            found = await self.look_for_command(
                name, name_variants=True, newer_than=floor
            )
        except ApiError as unreadable:
            raise CreateUnconfirmed(
                f"{cause.message}, and the queue could not be read "
                f"({unreadable.message}). It was not sent again; check the "
                "server list before trying once more."
            ) from cause
        if found is not None:
            return Submitted(
                found.id,
                recovered=f"{cause.message}; found as command {found.id} in the "
                f"queue ({found.server})",
            )
        raise CreateUnconfirmed(
            f"{cause.message}, and no command for {name!r} has appeared in the "
            "queue. It was not sent again; check the server list before trying "
            "once more."
        ) from cause

    async def look_for_command(
        self,
        server_name: str,
        *,
        name_variants: bool = False,
        exclude: set[int] | frozenset[int] = frozenset(),
        newer_than: int | None = None,
    ) -> QueuedCommand | None:
        """The newest queued command for a server, polled for a while.

        Used when a change's answer was lost: a new command is missing from
        the queue for its first seconds. ``name_variants`` also accepts the
        ``name-N`` a create may have been given; ``exclude`` skips commands
        already known, and ``newer_than`` every command queued before the
        change left (the error's ``queue_floor``). When the queue could not
        be read even once, its last error is raised: "not found" would claim
        more than is known.
        """
        suffix = r"(-\d+)?" if name_variants else ""
        wanted = re.compile(rf"^{re.escape(server_name)}{suffix}$")
        deadline = time.monotonic() + self._reconcile_wait
        read_once = False
        while True:
            try:
                queued = await self.list_commands()
                read_once = True
            except ApiError as exc:
                log.info("queue not readable while looking: %s", exc)
                if time.monotonic() >= deadline and not read_once:
                    raise
                queued = []
            matches = [
                command
                for command in queued
                if wanted.match(command.server)
                and command.id not in exclude
                and (newer_than is None or command.id > newer_than)
            ]
            if matches:
                return max(matches, key=lambda command: command.id)
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(self._reconcile_interval)

    # Changes to one server: each built by ``changes``, sent by ``send``

    async def send(self, change: Change) -> int:
        """Send a change once; returns the id of the command doing the work.

        An error whose outcome is unknown carries ``queue_floor``, for
        ``look_for_command``'s ``newer_than``.
        """
        floor = await self._floor_before_change()
        try:
            command_id = parse_command_id(await self._send_change(change))
        except ApiError as exc:
            exc.queue_floor = floor
            raise
        self._floor.saw([command_id])
        return command_id

    async def _send_change(self, change: Change):
        return await self._call(
            change.method,
            change.path,
            body=change.fields,
            mutating=True,
            what=change.title,
        )

    async def power(self, server_id: str, state: str) -> int:
        """Power a server ``on``, ``off`` or ``restart``."""
        return await self.send(changes.power(server_id, state))

    async def terminate(self, server_id: str, *, force: bool = False) -> int:
        """Delete a server for good; ``force`` is needed while it is on."""
        return await self.send(changes.terminate(server_id, force=force))

    async def set_cpu(self, server_id: str, cpu: str) -> int:
        return await self.send(changes.set_cpu(server_id, cpu))

    async def set_ram(self, server_id: str, megabytes: int) -> int:
        return await self.send(changes.set_ram(server_id, megabytes))

    async def rename(self, server_id: str, name: str) -> int:
        return await self.send(changes.rename(server_id, name))

    async def set_password(self, server_id: str, password: str) -> int:
        return await self.send(changes.set_password(server_id, password))

    async def add_disk(self, server_id: str, size_gb: int, provision=True) -> int:
        return await self.send(
            changes.add_disk(server_id, size_gb, provision=provision)
        )

    async def resize_disk(self, server_id: str, index: int, size_gb: int) -> int:
        """Grow a disk; Kamatera takes a snapshot of the server first."""
        return await self.send(changes.resize_disk(server_id, index, size_gb))

    async def remove_disk(self, server_id: str, index: int) -> int:
        """Destroy a disk and its data; refused while snapshots exist."""
        return await self.send(changes.remove_disk(server_id, index))

    async def create_snapshot(self, server_id: str, name: str) -> int:
        return await self.send(changes.create_snapshot(server_id, name))

    async def revert_snapshot(self, server_id: str, snapshot_id: int) -> int:
        return await self.send(changes.revert_snapshot(server_id, snapshot_id))

    async def delete_snapshot(self, server_id: str, snapshot_id: int) -> int:
        return await self.send(changes.delete_snapshot(server_id, snapshot_id))

    async def clone_disk(self, server_id: str, disk_uuid: str, image_name: str) -> int:
        """Copy one of the server's disks into the account's private images."""
        return await self.send(changes.clone_disk(server_id, disk_uuid, image_name))

    async def set_billing(
        self, server_id: str, cycle: str, traffic: str | None = None
    ) -> BillingState:
        """Change the billing cycle; answers at once, with no command."""
        change = changes.set_billing(server_id, cycle, traffic)
        payload = await self._send_change(change)
        return BillingState.from_api(payload)

    # Reading one server's options and parts

    async def cpu_choices(self, server_id: str) -> dict[str, tuple[str, ...]]:
        payload = await self._call("GET", f"server/{server_id}/cpu", what="CPU options")
        return parse_cpu_choices(payload)

    async def ram_choices(self, server_id: str) -> dict[str, tuple[int, ...]]:
        payload = await self._call("GET", f"server/{server_id}/ram", what="RAM options")
        return parse_ram_table(payload)

    async def disk_sizes(self, server_id: str) -> tuple[int, ...]:
        payload = await self._call(
            "GET", f"server/{server_id}/disk", what="Disk options"
        )
        return parse_disk_sizes(payload)

    async def snapshots(self, server_id: str) -> tuple[Snapshot, ...]:
        payload = await self._call(
            "GET", f"server/{server_id}/snapshots", what="Snapshots"
        )
        return parse_snapshots(payload)

    async def billing(self, server_id: str) -> BillingState:
        payload = await self._call("GET", f"server/{server_id}/billing", what="Billing")
        return BillingState.from_api(payload)

    async def library_disks(self, server_id: str) -> tuple[LibraryDisk, ...]:
        payload = await self._call(
            "GET", f"server/{server_id}/hdlib", what="Disk library"
        )
        return parse_library(payload)


def _single(payload):
    """Some proxies wrap a single object in a one-element list."""
    if isinstance(payload, list) and len(payload) == 1:
        return payload[0]
    return payload
