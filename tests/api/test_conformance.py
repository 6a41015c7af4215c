"""Every operation against the simulator over loopback: the wire and the state.

Each test checks what the client sent (method, path, encoding, fields) and
what the account looks like once the command has run. The quirk each test
covers is named in its docstring as Qn, numbered as in the API reference.
"""

from __future__ import annotations

import pytest

from kamatui.api import (
    CloneRequest,
    CreateServerRequest,
    Credentials,
    InvalidInput,
    KamateraClient,
    Nic,
    RetryPolicy,
    created_server,
)
from kamatui.api.errors import Busy, CommandFailed, Refused
from kamatui.sim import SimClock, Simulator, serve_in_thread

ONE_TRY = RetryPolicy(attempts=1)
LONG_ENOUGH = 3600


@pytest.fixture
def sim():
    return Simulator(seed=7, clock=SimClock(frozen=True))


@pytest.fixture
async def client(sim):
    with serve_in_thread(sim) as url:
        async with KamateraClient(
            Credentials(sim.client_id, sim.secret), base_url=url, retry=ONE_TRY
        ) as api:
            yield api


def last_request(sim, method=None):
    entries = [e for e in sim.request_log if method is None or e.method == method]
    return entries[-1]


def server_named(sim, name):
    return next(s for s in sim.account.listed() if s.name == name)


async def run(sim, client, command_id):
    """Let the simulated time pass and follow the command to its end."""
    sim.clock.advance(LONG_ENOUGH)
    return await client.wait_for_command(command_id, interval=0)


async def create_request(client, name="new-server-1", **changes) -> CreateServerRequest:
    options = await client.server_options()
    image = options.images["IL"][0]
    fields = dict(
        name=name,
        datacenter="IL",
        image_id=image.id,
        cpu="2B",
        ram_mb=2048,
        password="Aa123456123456",
        disk_sizes_gb=(20, 50),
        nics=(Nic("wan"), Nic("lan-82133-x3223f-cluster")),
        billing="monthly",
        traffic=options.traffic["IL"][0].id,
        ssh_key="ssh-ed25519 AAAAC3Nza test@example",
    )
    fields.update(changes)
    return CreateServerRequest(**fields)


async def test_create_sends_the_documented_form_and_reads_name_and_ip(sim, client):
    """Form-encoded fields; the log's Name and wan lines give name and IP."""
    request = await create_request(client)
    submitted = await client.create_server(request, await client.server_options())

    sent = last_request(sim, "POST")
    assert (sent.path, sent.encoding) == ("/service/server", "form")
    assert sent.fields["disk_size_0"] == "20" and sent.fields["disk_size_1"] == "50"
    assert sent.fields["network_name_0"] == "wan"
    assert sent.fields["network_name_1"] == "lan-82133-x3223f-cluster"
    assert sent.fields["disk_src_0"] == request.image_id
    assert sent.fields["selectedSSHKeyValue"].startswith("ssh-ed25519")
    assert submitted.recovered == ""

    done = await run(sim, client, submitted.command_id)
    made = created_server(done.log)
    assert made.name == "new-server-1" and made.public_ip
    info = await client.server_info(server_named(sim, "new-server-1").id)
    assert made.public_ip in info.public_ips
    assert any(nic.network == "wan-il" for nic in info.networks)
    assert info.disk_sizes_gb == (20, 50)


async def test_duplicate_name_gets_a_suffix(sim, client):
    """Q1: a second server of the same name is called name-1."""
    taken = next(iter(sim.account.listed())).name
    request = await create_request(client, name=taken)
    submitted = await client.create_server(request)
    done = await run(sim, client, submitted.command_id)
    assert created_server(done.log).name == f"{taken}-1"


async def test_client_checks_the_create_against_the_catalog(client, sim):
    """Wrong RAM for the CPU type, a lower-case LAN name: refused before sending."""
    options = await client.server_options()
    request = await create_request(
        client,
        ram_mb=3000,
        nics=(Nic("wan"), Nic("LAN-82133-X3223F-CLUSTER")),
    )
    posts_before = sum(e.method == "POST" for e in sim.request_log)
    with pytest.raises(InvalidInput) as caught:
        await client.create_server(request, options)
    fields = {problem.field for problem in caught.value.problems}
    assert {"ram", "network 1"} <= fields
    assert sum(e.method == "POST" for e in sim.request_log) == posts_before


async def test_simulator_refuses_what_slips_past_the_client(client):
    """Without the catalog the client cannot see a wrong-case LAN; the API says no."""
    request = await create_request(
        client, nics=(Nic("wan"), Nic("LAN-82133-X3223F-CLUSTER"))
    )
    with pytest.raises(Refused, match="network"):
        await client.create_server(request)


async def test_clone_makes_a_copy_of_the_source(sim, client):
    """Clone takes the source server's id and answers [id]."""
    source = next(iter(sim.account.listed()))
    submitted = await client.clone_server(
        CloneRequest(source_id=source.id, name="clone-of-it", password="Aa123456123456")
    )
    assert last_request(sim, "POST").fields["source"] == source.id
    await run(sim, client, submitted.command_id)
    clone = server_named(sim, "clone-of-it")
    assert clone.datacenter == source.datacenter


async def test_terminate_needs_force_while_on_and_sends_its_body(sim, client):
    """Q16: without force a running server is refused; DELETE carries confirm."""
    server = next(s for s in sim.account.listed() if s.power == "on")
    with pytest.raises(Refused):
        await client.terminate(server.id)
    sent = last_request(sim, "DELETE")
    assert sent.fields.get("confirm") == "1" and "force" not in sent.fields

    await run(sim, client, await client.terminate(server.id, force=True))
    assert server.id not in {s.id for s in await client.list_servers()}


async def test_power_off_then_on(sim, client):
    """Q17: power is on or off, changed through the queue."""
    server = next(s for s in sim.account.listed() if s.power == "on")
    await run(sim, client, await client.power(server.id, "off"))
    assert (await client.server_info(server.id)).power == "off"
    await run(sim, client, await client.power(server.id, "on"))
    assert (await client.server_info(server.id)).power == "on"
    assert last_request(sim, "PUT").fields == {"power": "on"}


async def test_a_busy_server_refuses_a_second_operation(sim, client):
    """Q12: 'Existing operation is currently running' reads as Busy."""
    server = next(s for s in sim.account.listed() if s.power == "on")
    await client.power(server.id, "restart")
    with pytest.raises(Busy):
        await client.power(server.id, "off")


async def test_failed_command_raises_with_its_log(sim, client):
    """A command that ends in error raises CommandFailed carrying the log."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    command_id = await client.power(server.id, "restart")
    with pytest.raises(CommandFailed) as caught:
        await run(sim, client, command_id)
    assert caught.value.log


async def test_cpu_and_ram_choices_and_changes(sim, client):
    """CPU strings per type, RAM per type; both changes run as commands."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    cpus = await client.cpu_choices(server.id)
    rams = await client.ram_choices(server.id)
    assert set(cpus) >= {"A", "B", "T", "D"} and "4B" in cpus["B"]
    assert 4096 in rams["B"]

    await run(sim, client, await client.set_cpu(server.id, "4B"))
    await run(sim, client, await client.set_ram(server.id, 4096))
    info = await client.server_info(server.id)
    assert str(info.cpu) == "4B" and info.ram_mb == 4096


async def test_ram_not_offered_for_the_type_is_refused(sim, client):
    """RAM outside the CPU type's list is refused by the API."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    with pytest.raises(Refused):
        await client.set_ram(server.id, 3000)


async def test_disk_add_resize_takes_a_snapshot_and_blocks_removal(sim, client):
    """Q3: a resize snapshots silently; removing a disk then fails."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    sizes = await client.disk_sizes(server.id)
    assert 20 in sizes and 100 in sizes
    snapshots_before = len(await client.snapshots(server.id))

    await run(sim, client, await client.add_disk(server.id, 20))
    assert (await client.server_info(server.id)).disk_sizes_gb[-1] == 20
    index = len((await client.server_info(server.id)).disk_sizes_gb) - 1

    await run(sim, client, await client.resize_disk(server.id, index, 100))
    assert (await client.server_info(server.id)).disk_sizes_gb[index] == 100
    assert len(await client.snapshots(server.id)) == snapshots_before + 1

    with pytest.raises(Refused, match="snapshots"):
        await client.remove_disk(server.id, index)
    assert last_request(sim, "DELETE").fields == {"index": str(index), "confirm": "1"}


async def test_disk_remove_works_without_snapshots(sim, client):
    """With no snapshots, removal (confirm=1) takes the disk away."""
    server = next(
        s for s in sim.account.listed() if s.power == "off" and not s.snapshots
    )
    await run(sim, client, await client.add_disk(server.id, 20))
    count = len((await client.server_info(server.id)).disk_sizes_gb)
    await run(sim, client, await client.remove_disk(server.id, count - 1))
    assert len((await client.server_info(server.id)).disk_sizes_gb) == count - 1


async def test_resize_with_a_unit_is_stopped_by_the_client_and_the_api(sim, client):
    """Q4: "30gb" is refused here before sending, and by the API with code 2."""
    server = next(iter(sim.account.listed()))
    with pytest.raises(InvalidInput):
        await client.resize_disk(server.id, 0, "30gb")

    with pytest.raises(Refused) as caught:
        await client._call(
            "PUT",
            f"server/{server.id}/disk",
            body={"index": 0, "size": "30gb"},
            mutating=True,
            what="Resize disk",
        )
    assert caught.value.code == 2


async def test_snapshot_tree_create_revert_delete(sim, client):
    """Q2 names get a suffix; Q5 revert answers {"cmdId": n}; delete promotes."""
    server = next(
        s for s in sim.account.listed() if s.power == "off" and not s.snapshots
    )
    await run(sim, client, await client.create_snapshot(server.id, "snap1"))
    await run(sim, client, await client.create_snapshot(server.id, "snap2"))
    (root,) = await client.snapshots(server.id)
    assert root.name.startswith("snap1-") and not root.active
    (child,) = root.children
    assert child.name.startswith("snap2-") and child.active and child.depth == 1
    assert child.taken_at is not None

    await run(sim, client, await client.revert_snapshot(server.id, root.id))
    assert last_request(sim, "PUT").fields == {"snapshotId": str(root.id)}
    (root,) = await client.snapshots(server.id)
    assert root.active and not root.children[0].active

    await run(sim, client, await client.delete_snapshot(server.id, root.id))
    (promoted,) = await client.snapshots(server.id)
    assert promoted.name.startswith("snap2-") and not promoted.active


async def test_billing_answers_active_and_future(sim, client):
    """Q6: the billing change answers {active, future}, not a command id."""
    server = next(s for s in sim.account.listed() if s.billing == "hourly")
    state = await client.billing(server.id)
    assert state.active == "hourly"
    packages = (await client.server_options()).traffic[server.datacenter]
    changed = await client.set_billing(server.id, "monthly", packages[0].id)
    assert changed.active == "monthly" or changed.future == "monthly"


async def test_rename_and_password(sim, client):
    """Rename and password run as commands; a weak password never leaves."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    await run(sim, client, await client.rename(server.id, "renamed.box"))
    assert (await client.server_info(server.id)).name == "renamed.box"

    await run(sim, client, await client.set_password(server.id, "Bb987654321x"))
    with pytest.raises(InvalidInput, match="capital"):
        await client.set_password(server.id, "alllowercase1")
    with pytest.raises(InvalidInput, match="4 to 40"):
        await client.rename(server.id, "abc")


async def test_disk_library_sizes_and_clone_to_images(sim, client):
    """Q7: sizeGB is bytes on the wire; the clone becomes a private image."""
    server = next(s for s in sim.account.listed() if s.power == "off")
    disks = await client.library_disks(server.id)
    info = await client.server_info(server.id)
    assert [round(d.size_gb) for d in disks] == list(info.disk_sizes_gb)

    await run(sim, client, await client.clone_disk(server.id, disks[0].uuid, "golden"))
    options = await client.server_options(refresh=True)
    names = [image.description for image in options.images[server.datacenter]]
    assert any("golden" in name for name in names)


async def test_json_bodies_work_too(sim):
    """The client can send JSON; the simulator reads it the same way."""
    with serve_in_thread(sim) as url:
        client = KamateraClient(
            Credentials(sim.client_id, sim.secret), base_url=url, encoding="json"
        )
        async with client:
            server = next(s for s in sim.account.listed() if s.power == "on")
            await client.power(server.id, "off")
    sent = last_request(sim, "PUT")
    assert sent.encoding == "json" and sent.fields == {"power": "off"}


async def test_a_dropped_create_is_found_in_the_queue_not_sent_again():
    """The answer to a create is lost: the client finds it, sends one POST."""
    sim = Simulator(seed=7, clock=SimClock(speed=50))
    sim.faults.set("POST /service/server", "drop", times=1)
    with serve_in_thread(sim) as url:
        client = KamateraClient(
            Credentials(sim.client_id, sim.secret),
            base_url=url,
            reconcile_wait=10,
            reconcile_interval=0.02,
        )
        async with client:
            request = await create_request(client, name="dropped-create")
            submitted = await client.create_server(request)
    assert "found as command" in submitted.recovered
    creates = [
        e for e in sim.request_log if (e.method, e.path) == ("POST", "/service/server")
    ]
    assert len(creates) == 1
