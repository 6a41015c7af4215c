"""Reading the disk and network fields of create and clone requests.

Disks arrive as ``disk_size_N``/``disk_src_N`` and NICs as
``network_name_N``/``network_ip_N``/``network_bits_N``. The live API allows
15 disks and 9 NICs, with exactly one wan NIC, and matches LAN names exactly.
"""

import re

from kamatui.sim import catalog, errors, fields, validate
from kamatui.sim.account import Account
from kamatui.sim.model import Disk, Nic

_DISK_FIELD = re.compile(r"disk_(?:size|src)_(\d+)")
_NIC_FIELD = re.compile(r"network_(?:name|ip|bits)_(\d+)")


def indices(request: fields.Fields, pattern: re.Pattern, limit: int, what: str) -> list:
    """The numbered slots present in the request, refusing any beyond the limit."""
    found = sorted(
        {int(m.group(1)) for key in request if (m := pattern.fullmatch(key))}
    )
    if found and found[-1] >= limit:
        raise errors.ApiError(f"A server can have at most {limit} {what}.")

    return found


def extra_disks(
    request: fields.Fields, account: Account, datacenter: str
) -> list[Disk]:
    """Disks 1 and up; a ``disk_src_N`` there must name an image of the datacenter."""
    disks = []
    for index in indices(request, _DISK_FIELD, catalog.MAX_DISKS, "disks"):
        if index == 0:
            continue

        size = validate.disk_size(fields.number(request, f"disk_size_{index}"))
        if fields.present(request, f"disk_src_{index}"):
            validate.image(
                account, datacenter, fields.text(request, f"disk_src_{index}")
            )
        disks.append(account.new_disk(size))

    return disks


def nics(
    request: fields.Fields, account: Account, datacenter: str, wan_required: bool
) -> list[Nic]:
    """The NICs asked for, with addresses allocated; nothing is reserved on error."""
    slots = indices(request, _NIC_FIELD, catalog.MAX_NICS, "network interfaces")
    names = [fields.text(request, f"network_name_{index}") for index in slots]
    if wan_required and "wan" not in names:
        raise errors.ApiError("A wan network interface is required.")

    if names.count("wan") > 1:
        raise errors.ApiError("Only one network interface may use wan.")

    plans = [
        _plan(request, account, datacenter, i, n)
        for i, n in zip(slots, names, strict=True)
    ]
    return [_allocate(account, datacenter, plan) for plan in plans]


def _plan(request, account: Account, datacenter: str, index: int, name: str) -> tuple:
    if fields.present(request, f"network_bits_{index}"):
        validate.network_bits(fields.number(request, f"network_bits_{index}"))

    if name == "wan":
        return name, None

    lan = account.lan(datacenter, name)
    if lan is None:
        raise validate.network_not_found()

    wanted = fields.text(request, f"network_ip_{index}", default="auto")
    if wanted != "auto" and (not lan.contains(wanted) or wanted in lan.used):
        raise errors.ApiError(f"IP address {wanted} is not available in {name}.")

    if wanted == "auto" and not lan.free_ips():
        raise errors.ApiError(f"No free IP addresses left in {name}.")

    return name, wanted


def _allocate(account: Account, datacenter: str, plan: tuple) -> Nic:
    name, wanted = plan
    if name == "wan":
        return Nic(f"wan-{datacenter.lower()}", [account.public_ip(datacenter)])

    lan = account.lan(datacenter, name)
    ip = lan.free_ips()[0] if wanted == "auto" else wanted
    lan.used.add(ip)
    return Nic(name, [ip])


def traffic_code(request: fields.Fields, datacenter: str, billing: str) -> str:
    """The package code server info will show.

    Monthly servers must name a valid package. Hourly servers ignore the
    field, yet server info still reports a package (quirk Q9), so they get
    the default one.
    """
    if billing == "monthly":
        return validate.traffic(datacenter, fields.text(request, "traffic")).code

    package = catalog.find_traffic(datacenter, request.get("traffic", ""))
    return package.code if package else "t5000"


def network_lines(nics: list[Nic]) -> list[str]:
    """Log lines clients grep: ``Network #1: wan`` then the IPv4 between spaces."""
    return [
        f"Network #{number}: {'wan' if nic.network.startswith('wan-') else 'lan'} "
        f"{nic.network} {nic.ips[0]} configured"
        for number, nic in enumerate(nics, start=1)
    ]
