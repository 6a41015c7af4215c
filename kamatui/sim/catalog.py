"""Kamatera's fixed catalog: datacenters, CPU and RAM sizes, disks, traffic.

Values follow what the live API and its clients show. Traffic packages carry
numeric ids in the older datacenters and code strings in the newer ones
(quirk Q9); each numeric package also has the code that server info reports.
"""

from dataclasses import dataclass

DATACENTERS: dict[str, str] = {
    "AS": "China",
    "AS-SG": "Singapore",
    "AS-TY": "Japan",
    "AU-SY": "Australia",
    "CA-TR": "Canada",
    "DEV": "Development",
    "EU": "The Netherlands",
    "EU-FR": "Germany",
    "EU-LO": "United Kingdom",
    "EU-MD": "Spain",
    "EU-ML": "Italy",
    "EU-ST": "Sweden",
    "IL": "Israel",
    "IL-HA": "Israel",
    "IL-JR": "Israel",
    "IL-PT": "Israel",
    "IL-RH": "Israel",
    "IL-TA": "Israel",
    "US-AT": "United States",
    "US-CH": "United States",
    "US-LA": "United States",
    "US-MI": "United States",
    "US-NY2": "United States",
    "US-SC": "United States",
    "US-SE": "United States",
    "US-TX": "United States",
}
"""Datacenter code to country."""

OLD_DATACENTERS = frozenset({"AS", "EU", "IL"})
"""Datacenters whose traffic packages still have numeric ids."""

CPU_CORES: dict[str, list[int]] = {
    "A": [1, 2, 4, 6, 8, 12, 16, 20, 24, 28, 32],
    "B": [1, 2, 4, 6, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 88, 104],
    "D": [1, 2, 4, 6, 8, 12, 16, 20, 24, 28, 32],
    "T": [1, 2, 4, 6, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72],
}
"""Core counts offered per CPU type."""

_RAM_UP_TO_128G = [1024, 2048, 3072, 4096, 6144, 8192, 10240, 12288, 16384]
_RAM_UP_TO_128G += [24576, 32768, 49152, 65536, 98304, 131072]
_RAM_LARGE = [*_RAM_UP_TO_128G, 200704, 262144, 327680, 393216]

RAM_MB: dict[str, list[int]] = {
    "A": _RAM_UP_TO_128G,
    "B": _RAM_LARGE,
    "D": _RAM_LARGE,
    "T": _RAM_LARGE,
}
"""RAM sizes per CPU type; type A stops at 128 GB."""

DISK_GB = [5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200, 250, 300, 350, 400]
DISK_GB += [450, 500, 600, 700, 800, 900, 1000]
"""Disk sizes offered for every disk."""

BILLING = ["monthly", "hourly"]

MAX_DISKS = 15
MAX_NICS = 9


@dataclass(frozen=True)
class TrafficPackage:
    """One traffic package: its id on the wire and the code server info shows."""

    id: int | str
    info: str
    code: str


_NUMERIC_TRAFFIC = {
    "AS": [(8, "200GB of traffic", "t200"), (7, "5000GB of traffic", "t5000")],
    "EU": [(4, "20Mbit/Sec, Unmetered", "b20"), (3, "5000GB of traffic", "t5000")],
    "IL": [(10, "20Mbit/Sec, Unmetered", "b20"), (9, "5000GB of traffic", "t5000")],
}

_CODED_TRAFFIC = [
    ("b20", "20Mbit/Sec, Unmetered"),
    ("b50", "50Mbit/Sec, Unmetered"),
    ("b100", "100Mbit/Sec, Unmetered"),
    ("t5000", "5000GB/Month on 10Gbit/Sec port"),
    ("t10000", "10000GB/Month on 10Gbit/Sec port"),
    ("t20000", "20000GB/Month on 10Gbit/Sec port"),
]


def traffic_packages(datacenter: str) -> list[TrafficPackage]:
    """The traffic packages a datacenter offers."""
    if datacenter in _NUMERIC_TRAFFIC:
        return [TrafficPackage(*row) for row in _NUMERIC_TRAFFIC[datacenter]]

    return [TrafficPackage(code, info, code) for code, info in _CODED_TRAFFIC]


def find_traffic(datacenter: str, wanted: object) -> TrafficPackage | None:
    """The package whose id or code matches ``wanted``, compared as text."""
    text = str(wanted).strip()
    for package in traffic_packages(datacenter):
        if text in (str(package.id), package.code):
            return package

    return None


def all_cpus() -> list[str]:
    """Every CPU string, in the flat form the options catalog uses."""
    return [f"{cores}{kind}" for kind, counts in CPU_CORES.items() for cores in counts]


def split_cpu(cpu: str) -> tuple[int, str] | None:
    """``"12B"`` to ``(12, "B")``, or None when it is not an offered CPU."""
    kind = cpu[-1:].upper()
    cores = cpu[:-1]
    if kind not in CPU_CORES or not cores.isdigit():
        return None

    if int(cores) not in CPU_CORES[kind]:
        return None

    return int(cores), kind
