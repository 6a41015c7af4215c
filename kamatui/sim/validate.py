"""The rules the live API enforces on server settings, one check per rule."""

import re

from kamatui.sim import catalog, errors
from kamatui.sim.account import Account
from kamatui.sim.catalog import TrafficPackage
from kamatui.sim.images import DiskImage

_NAME = re.compile(r"[A-Za-z0-9._-]{4,40}")


def name(value: str) -> str:
    """4 to 40 letters, digits, dots, dashes or underscores."""
    if not _NAME.fullmatch(value):
        raise errors.ApiError(
            "Server name must be 4-40 characters long and may contain "
            "only letters, numbers, '.', '-' and '_'."
        )

    return value


def password(value: str) -> str:
    """9 to 32 characters with a lowercase letter, an uppercase letter and a digit."""
    long_enough = 9 <= len(value) <= 32
    mixed = (
        re.search(r"[a-z]", value)
        and re.search(r"[A-Z]", value)
        and re.search(r"[0-9]", value)
    )
    if not (long_enough and mixed):
        raise errors.ApiError(
            "Password must be 9-32 characters long and contain at least one "
            "lowercase letter, one uppercase letter and one number."
        )

    return value


def cpu(value: str) -> str:
    """An offered ``<cores><type>`` string such as ``2B``."""
    if catalog.split_cpu(value) is None:
        raise errors.ApiError(f"CPU '{value}' is not available.")

    return value.upper()


def ram(cpu_value: str, megabytes: int) -> int:
    """A RAM size offered for the CPU's type."""
    kind = cpu_value[-1].upper()
    if megabytes not in catalog.RAM_MB[kind]:
        raise errors.ApiError(
            f"RAM size {megabytes} MB is not available for CPU type {kind}."
        )

    return megabytes


def disk_size(size_gb: int) -> int:
    """A disk size from the offered list."""
    if size_gb not in catalog.DISK_GB:
        raise errors.ApiError(f"Disk size {size_gb} GB is not available.")

    return size_gb


def datacenter(value: str) -> str:
    if value not in catalog.DATACENTERS:
        raise errors.ApiError(f"Datacenter '{value}' was not found.")

    return value


def image(account: Account, datacenter_code: str, wanted: str) -> DiskImage:
    """An image of that datacenter; ids are compared without regard to case."""
    found = account.find_image(datacenter_code, wanted)
    if found is None:
        raise errors.ApiError(f"Disk image '{wanted}' was not found.")

    return found


def billing(value: str) -> str:
    if value not in catalog.BILLING:
        raise errors.ApiError(f"Billing cycle '{value}' is not valid.")

    return value


def traffic(datacenter_code: str, wanted: object) -> TrafficPackage:
    """A traffic package offered in the datacenter, by numeric id or code."""
    package = catalog.find_traffic(datacenter_code, wanted)
    if package is None:
        raise errors.ApiError(f"Traffic package '{wanted}' was not found.")

    return package


def network_bits(bits: int) -> int:
    if not 20 <= bits <= 30:
        raise errors.ApiError("Network bits must be between 20 and 30.")

    return bits


def network_not_found() -> errors.ApiError:
    """The live API's words for an unknown or wrongly cased network name."""
    return errors.ApiError("selected network was not found")
