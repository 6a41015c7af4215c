"""Checking input before it is sent, with the API's own rules.

Forms call these as the user types, so a mistake is shown next to its field
instead of after a round trip. The API's verdict still wins: these rules are
what Kamatera documents and what clients have met, and the server may know
more.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import string
from dataclasses import dataclass

from .errors import ApiError

NAME_MIN, NAME_MAX = 4, 40
NAME_CHARS = re.compile(r"[A-Za-z0-9._-]")
PASSWORD_MIN, PASSWORD_MAX = 9, 32
MAX_DISKS = 15
MAX_NICS = 9
WAN = "wan"
NETWORK_BITS_MIN, NETWORK_BITS_MAX = 20, 30
CPU_TYPES = ("A", "B", "T", "D")
BILLING_CYCLES = ("hourly", "monthly")

GENERATED_PASSWORD_LENGTH = 20
GENERATED_SYMBOLS = "!@#$^*()~"
"""Symbols Kamatera's own generator uses, minus those that upset form posts."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one field, phrased for the person fixing it."""

    field: str
    message: str


class InvalidInput(ApiError):
    """Input that the API would refuse; nothing was sent."""

    title = "Check the input"

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)


def check_name(value: str, field: str = "name") -> list[Problem]:
    if not NAME_MIN <= len(value) <= NAME_MAX:
        return [
            Problem(
                field,
                f"must be {NAME_MIN} to {NAME_MAX} characters (it is {len(value)})",
            )
        ]
    bad = sorted({ch for ch in value if not NAME_CHARS.fullmatch(ch)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad[:5])
        return [Problem(field, f"only letters, digits, '.', '-' and '_'; not {shown}")]
    return []


def check_password(value: str, field: str = "password") -> list[Problem]:
    """9 to 32 characters with a lower-case letter, a capital and a digit."""
    missing = [
        what
        for what, present in (
            ("a lower-case letter", any(ch in string.ascii_lowercase for ch in value)),
            ("a capital letter", any(ch in string.ascii_uppercase for ch in value)),
            ("a digit", any(ch in string.digits for ch in value)),
        )
        if not present
    ]
    problems = []
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        problems.append(
            Problem(
                field,
                f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters "
                f"(it is {len(value)})",
            )
        )
    if missing:
        problems.append(Problem(field, "needs " + ", ".join(missing)))
    return problems


def generate_password() -> str:
    """A password that meets the rules, from the system's secure source."""
    alphabet = string.ascii_letters + string.digits + GENERATED_SYMBOLS
    while True:
        candidate = "".join(
            secrets.choice(alphabet) for _ in range(GENERATED_PASSWORD_LENGTH)
        )
        if not check_password(candidate):
            return candidate


def check_cpu(value: str, allowed: tuple[str, ...] = (), field="cpu") -> list[Problem]:
    text = value.strip().upper()
    if not re.fullmatch(r"[0-9]{1,4}[ABTD]", text):
        return [Problem(field, "write cores then type, like 2B (types A, B, T, D)")]
    if allowed and text not in {cpu.upper() for cpu in allowed}:
        return [Problem(field, f"{text} is not offered here")]
    return []


def check_ram(
    megabytes: int, cpu_type: str, ram_by_type: dict[str, tuple[int, ...]]
) -> list[Problem]:
    choices = ram_by_type.get(cpu_type.upper(), ())
    if choices and megabytes not in choices:
        return [
            Problem("ram", f"{megabytes} MB is not offered for CPU type {cpu_type}")
        ]
    return []


def check_disk_size(
    size: object, allowed: tuple[int, ...] = (), field: str = "disk size"
) -> list[Problem]:
    """A whole number of GB; the API refuses "30gb" with code 2."""
    if isinstance(size, bool) or not isinstance(size, int | str):
        return [Problem(field, "must be a whole number of GB")]
    if isinstance(size, str) and not re.fullmatch(r"[0-9]{1,7}", size.strip()):
        return [Problem(field, f"must be a whole number of GB, not {size!r}")]
    number = int(size)
    if allowed and number not in allowed:
        return [Problem(field, f"{number} GB is not an offered size")]
    return []


def check_network_bits(bits: int | None, field: str) -> list[Problem]:
    if bits is not None and not NETWORK_BITS_MIN <= bits <= NETWORK_BITS_MAX:
        return [
            Problem(field, f"prefix must be {NETWORK_BITS_MIN} to {NETWORK_BITS_MAX}")
        ]
    return []


def check_ip(value: str | None, field: str) -> list[Problem]:
    if not value or value == "auto":
        return []
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return [Problem(field, f"{value!r} is not an IPv4 address")]
    return []


def check_billing(cycle: str, traffic: str | None, packages: tuple[str, ...]):
    if cycle not in BILLING_CYCLES:
        return [Problem("billing", "must be hourly or monthly")]
    if cycle == "monthly" and packages and str(traffic) not in packages:
        return [Problem("traffic", "choose one of this datacenter's packages")]
    return []
