"""Creating servers, from an image or as a clone of another server.

A new server is stored at once, so its name and addresses are taken, but it
stays out of ``GET /servers`` until its command completes (quirk Q17). A
taken name gets a ``-N`` suffix (Q1); the create log's ``Name:`` line says
which name the server really got.
"""

from starlette.routing import Route

from kamatui.sim import fields, provisioning, timings, validate
from kamatui.sim.model import Server
from kamatui.sim.wire import Call, endpoint


def create(call: Call) -> list[int]:
    request, account = call.fields, call.sim.account
    datacenter = validate.datacenter(fields.text(request, "datacenter"))
    name = validate.name(fields.text(request, "name"))
    cpu = validate.cpu(fields.text(request, "cpu"))
    ram = validate.ram(cpu, fields.number(request, "ram"))
    password = validate.password(fields.text(request, "password"))
    billing = validate.billing(fields.text(request, "billing"))
    traffic = provisioning.traffic_code(request, datacenter, billing)

    image = validate.image(account, datacenter, fields.text(request, "disk_src_0"))
    first_disk = account.new_disk(
        validate.disk_size(fields.number(request, "disk_size_0"))
    )
    disks = [first_disk, *provisioning.extra_disks(request, account, datacenter)]
    nics = provisioning.nics(request, account, datacenter, wan_required=True)

    server = Server(
        id=account.new_uuid(),
        datacenter=datacenter,
        name=account.unique_name(name),
        cpu=cpu,
        ram=ram,
        power="off",
        disks=disks,
        nics=nics,
        billing=billing,
        traffic=traffic,
        managed=fields.flag(request, "managed"),
        backup=fields.flag(request, "backup"),
        password=password,
        image_id=image.id,
        future_billing=billing,
        listed=False,
    )
    steps = [f"Image: {image.description}"]
    return [_build(call, server, "Create Server", timings.CREATE, steps)]


def clone(call: Call) -> list[int]:
    """``source`` is the id of the server to copy, whatever the doc says (Q8)."""
    request, account = call.fields, call.sim.account
    source = account.server(fields.text(request, "source"))
    name = validate.name(fields.text(request, "name"))
    cpu = validate.cpu(fields.text(request, "cpu", default=source.cpu))
    ram = validate.ram(cpu, fields.number(request, "ram", default=source.ram))
    password = validate.password(fields.text(request, "password"))
    billing = validate.billing(fields.text(request, "billing"))
    traffic = source.traffic
    if fields.present(request, "traffic"):
        traffic = provisioning.traffic_code(request, source.datacenter, billing)

    first_disk = account.new_disk(source.disks[0].size_gb)
    extra = provisioning.extra_disks(request, account, source.datacenter)
    if not extra:
        extra = [account.new_disk(disk.size_gb) for disk in source.disks[1:]]

    wan = {"network_name_0": "wan"}
    requested = {key: value for key, value in request.items() if key[-2:] != "_0"}
    nics = provisioning.nics(
        {**requested, **wan}, account, source.datacenter, wan_required=True
    )

    server = Server(
        id=account.new_uuid(),
        datacenter=source.datacenter,
        name=account.unique_name(name),
        cpu=cpu,
        ram=ram,
        power="off",
        disks=[first_disk, *extra],
        nics=nics,
        billing=billing,
        traffic=traffic,
        managed=fields.flag(request, "managed", source.managed),
        backup=fields.flag(request, "backup", source.backup),
        password=password,
        image_id=source.image_id,
        future_billing=billing,
        listed=False,
    )
    steps = [f"Clone of: {source.name}"]
    return [_build(call, server, "Clone Server", timings.CLONE, steps)]


def _build(
    call: Call, server: Server, description: str, duration: float, steps: list[str]
) -> int:
    """Store the unlisted server and queue the command that reveals it."""
    power_on = fields.flag(call.fields, "power")
    call.sim.account.add_server(server)

    log = [
        f"Name: {server.name}",
        f"Datacenter: {server.datacenter}",
        *steps,
        f"CPU: {server.cpu}, RAM: {server.ram}MB",
        *(f"Disk #{n}: {d.size_gb}GB" for n, d in enumerate(server.disks, start=1)),
        *provisioning.network_lines(server.nics),
        "Setting up the operating system",
    ]
    if power_on:
        log.append("Powering on server")

    def apply(_finished: float) -> None:
        server.listed = True
        server.power = "on" if power_on else "off"

    return call.submit(server, description, duration, log, apply)


ROUTES = [
    Route("/server", endpoint(create), methods=["POST"]),
    Route("/server/clone", endpoint(clone), methods=["POST"]),
]
