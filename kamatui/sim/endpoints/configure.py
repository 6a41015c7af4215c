"""Changing a server: CPU, RAM, rename, password and billing."""

from starlette.routing import Route

from kamatui.sim import catalog, fields, timings, validate
from kamatui.sim.wire import Call, endpoint


def cpu_options(call: Call) -> dict[str, list[str]]:
    call.server()
    return {
        kind: [f"{cores}{kind}" for cores in counts]
        for kind, counts in sorted(catalog.CPU_CORES.items())
    }


def change_cpu(call: Call) -> int:
    """The new type must still offer the server's RAM size."""
    server = call.server()
    cpu = validate.cpu(fields.text(call.fields, "cpu"))
    validate.ram(cpu, server.ram)
    server = call.idle_server()

    def apply(_finished: float) -> None:
        server.cpu = cpu

    steps = [f"Change CPU: {server.cpu} to {cpu}", "Reconfiguring server"]
    return call.submit(server, "Change CPU", timings.CPU, steps, apply)


def ram_options(call: Call) -> dict[str, list[int]]:
    call.server()
    return dict(sorted(catalog.RAM_MB.items()))


def change_ram(call: Call) -> int:
    server = call.server()
    ram = validate.ram(server.cpu, fields.number(call.fields, "ram"))
    server = call.idle_server()

    def apply(_finished: float) -> None:
        server.ram = ram

    steps = [f"Change RAM: {server.ram}MB to {ram}MB", "Reconfiguring server"]
    return call.submit(server, "Change RAM", timings.RAM, steps, apply)


def rename(call: Call) -> int:
    server = call.server()
    name = validate.name(fields.text(call.fields, "name"))
    server = call.idle_server()

    def apply(_finished: float) -> None:
        server.name = name

    steps = [f"Rename server: {server.name} to {name}"]
    return call.submit(server, "Rename Server", timings.RENAME, steps, apply)


def change_password(call: Call) -> int:
    server = call.server()
    password = validate.password(fields.text(call.fields, "password"))
    server = call.idle_server()

    def apply(_finished: float) -> None:
        server.password = password

    steps = ["Setting new password"]
    return call.submit(server, "Change Password", timings.PASSWORD, steps, apply)


def billing(call: Call) -> dict[str, str]:
    server = call.server()
    return {"active": server.billing, "future": server.future_billing}


def change_billing(call: Call) -> dict[str, str]:
    """Answers with the billing state itself, not a command id (quirk Q6).

    Moving to monthly applies at once; moving to hourly waits for the end of
    the paid month, so only ``future`` changes. The live rule is unknown; this
    one keeps the two fields meaningfully different.
    """
    server = call.server()
    wanted = validate.billing(fields.text(call.fields, "type"))
    if wanted == "monthly":
        package = validate.traffic(
            server.datacenter, fields.text(call.fields, "traffic")
        )
        server.traffic = package.code
        server.billing = "monthly"

    server.future_billing = wanted
    return billing(call)


ROUTES = [
    Route("/server/{id}/cpu", endpoint(cpu_options), methods=["GET"]),
    Route("/server/{id}/cpu", endpoint(change_cpu), methods=["PUT"]),
    Route("/server/{id}/ram", endpoint(ram_options), methods=["GET"]),
    Route("/server/{id}/ram", endpoint(change_ram), methods=["PUT"]),
    Route("/server/{id}/rename", endpoint(rename), methods=["PUT"]),
    Route("/server/{id}/password", endpoint(change_password), methods=["PUT"]),
    Route("/server/{id}/billing", endpoint(billing), methods=["GET"]),
    Route("/server/{id}/billing", endpoint(change_billing), methods=["PUT"]),
]
