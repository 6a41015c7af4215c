"""The create-server wizard's state, without any widget.

A ``Draft`` holds every choice made so far; what each step may offer is
derived from the options catalog and the earlier choices, and the draft
turns into the ``CreateServerRequest`` the client sends. Problems are mapped
back to the step that can fix them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..api.catalog import Image, ServerOptions
from ..api.models import CPU_TYPE_NAMES, CpuSpec, ServerInfo
from ..api.requests import CreateServerRequest, Nic
from ..api.validation import WAN, Problem

STEPS = (
    "datacenter",
    "image",
    "cpu",
    "ram",
    "disks",
    "network",
    "billing",
    "identity",
    "review",
)
STEP_TITLES = {
    "datacenter": "Datacenter",
    "image": "Image",
    "cpu": "CPU",
    "ram": "RAM",
    "disks": "Disks",
    "network": "Network",
    "billing": "Billing",
    "identity": "Name and access",
    "review": "Review",
}
CPU_TYPE_HELP = {
    "A": "Availability: shared threads, no resources reserved; cheapest",
    "B": "General Purpose: a dedicated thread per vCPU, resources reserved",
    "T": "Burstable: General Purpose that may burst above its share",
    "D": "Dedicated: a whole physical core (two threads) per vCPU",
}
MAX_EXTRA_DISKS = 14
MAX_LANS = 8
MAX_SSH_KEY_BYTES = 16 * 1024
MAX_SCRIPT_BYTES = 64 * 1024
IMAGE_GROUPS = ("ubuntu", "debian", "centos", "rocky", "alma", "fedora", "windows")


@dataclass
class Draft:
    datacenter: str = ""
    image_id: str = ""
    cpu_type: str = "B"
    cpu: str = ""
    ram_mb: int | None = None
    disks: list[int] = field(default_factory=list)
    lans: list[Nic] = field(default_factory=list)
    billing: str = "hourly"
    traffic: str | None = None
    name: str = ""
    password: str = ""
    ssh_key: str = ""
    script: str = ""
    managed: bool = False
    backup: bool = False
    power_on: bool = True

    def __repr__(self) -> str:
        return f"Draft(name={self.name!r}, datacenter={self.datacenter!r}, ...)"

    def request(self) -> CreateServerRequest:
        return CreateServerRequest(
            name=self.name,
            datacenter=self.datacenter,
            image_id=self.image_id,
            cpu=self.cpu,
            ram_mb=self.ram_mb or 0,
            password=self.password,
            disk_sizes_gb=tuple(self.disks),
            nics=(Nic(WAN), *self.lans),
            billing=self.billing,
            traffic=self.traffic if self.billing == "monthly" else None,
            ssh_key=self.ssh_key,
            script=self.script,
            managed=self.managed,
            backup=self.backup,
            power_on=self.power_on,
        )

    def problems_by_step(self, options: ServerOptions) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for problem in self.request().problems(options):
            found.setdefault(step_of(problem), []).append(
                f"{problem.field}: {problem.message}"
            )
        if not self.image_id:
            found.setdefault("image", []).append("image: choose one")
        image = self.image(options)
        if image and image.size_gb and self.disks and self.disks[0] < image.size_gb:
            found.setdefault("disks", []).append(
                f"disk 0: the image needs at least {image.size_gb} GB"
            )
        return found

    def image(self, options: ServerOptions) -> Image | None:
        return next(
            (
                image
                for image in options.images.get(self.datacenter, ())
                if image.id.lower() == self.image_id.lower()
            ),
            None,
        )

    def touched(self) -> bool:
        return self != Draft()


def step_of(problem: Problem) -> str:
    name = problem.field
    if name in ("name", "password"):
        return "identity"
    if name.startswith("disk"):
        return "disks"
    if name.startswith("network"):
        return "network"
    if name in ("billing", "traffic"):
        return "billing"
    if name in ("cpu", "ram", "datacenter", "image"):
        return name
    return "review"


def cpu_choices(options: ServerOptions, cpu_type: str) -> list[str]:
    """Core counts offered for a CPU type, smallest first."""
    chosen = [c for c in options.cpus if c.upper().endswith(cpu_type)]
    return sorted(chosen, key=lambda c: (CpuSpec.parse(c) or CpuSpec(0, "")).cores)


def ram_choices(options: ServerOptions, cpu_type: str) -> tuple[int, ...]:
    return options.ram_by_cpu_type.get(cpu_type, ())


def cpu_types(options: ServerOptions) -> list[str]:
    offered = {c[-1].upper() for c in options.cpus if c}
    return [t for t in CPU_TYPE_NAMES if t in offered] or list(CPU_TYPE_NAMES)


def system_disk_sizes(options: ServerOptions, image: Image | None) -> list[int]:
    floor = image.size_gb if image and image.size_gb else 0
    return [size for size in options.disk_sizes_gb if size >= floor]


def group_of(image: Image) -> str:
    first = image.description.lower().replace("-", "_").split("_")[0]
    return first if first in IMAGE_GROUPS else "apps and others"


def grouped_images(images, query: str = "") -> list[tuple[str, list[Image]]]:
    """Images matching every word of ``query``, grouped by system."""
    words = query.lower().split()
    groups: dict[str, list[Image]] = {}
    for image in images:
        if all(word in image.description.lower() for word in words):
            groups.setdefault(group_of(image), []).append(image)
    order = [*IMAGE_GROUPS, "apps and others"]
    return [
        (name, sorted(groups[name], key=lambda image: image.description))
        for name in order
        if name in groups
    ]


def lan_names(options: ServerOptions, datacenter: str) -> list[str]:
    return [
        network.name
        for network in options.networks.get(datacenter, ())
        if network.name != WAN
    ]


def traffic_packages(options: ServerOptions, datacenter: str) -> list[tuple[str, str]]:
    return [(p.id, p.info) for p in options.traffic.get(datacenter, ())]


def similar_to(info: ServerInfo) -> Draft:
    """A draft like an existing server; the image must be chosen again."""
    lans = [
        Nic(nic.network) for nic in info.networks if not nic.is_public and nic.network
    ]
    return Draft(
        datacenter=info.datacenter,
        cpu_type=info.cpu.type if info.cpu else "B",
        cpu=str(info.cpu) if info.cpu else "",
        ram_mb=info.ram_mb,
        disks=list(info.disk_sizes_gb),
        lans=lans[:MAX_LANS],
        billing=info.billing if info.billing in ("hourly", "monthly") else "hourly",
        traffic=info.traffic or None,
        managed=info.managed,
        backup=info.backup,
    )


def local_ssh_keys(home: Path | None = None) -> list[tuple[str, str]]:
    """The user's public keys: (file name, key text), small files only."""
    folder = (home or Path.home()) / ".ssh"
    keys = []
    try:
        candidates = sorted(folder.glob("*.pub"))
    except OSError:
        return []
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_size <= MAX_SSH_KEY_BYTES:
                text = path.read_text(encoding="utf-8").strip()
                if text.startswith(("ssh-", "ecdsa-", "sk-")):
                    keys.append((path.name, text))
        except (OSError, UnicodeDecodeError):
            continue
    return keys


def read_script(path_text: str) -> tuple[str, str]:
    """A startup script's text, or "" and why it could not be read."""
    if not path_text.strip():
        return "", ""
    path = Path(path_text.strip()).expanduser()
    try:
        if not path.is_file():
            return "", f"{path} is not a file"
        if path.stat().st_size > MAX_SCRIPT_BYTES:
            return "", f"{path} is larger than 64 KiB"
        return path.read_text(encoding="utf-8"), ""
    except (OSError, UnicodeDecodeError) as exc:
        return "", f"{path} cannot be read: {exc}"


def with_cpu_type(draft: Draft, options: ServerOptions, cpu_type: str) -> Draft:
    """Change the CPU type, keeping cores and RAM only where still offered."""
    cores = CpuSpec.parse(draft.cpu).cores if CpuSpec.parse(draft.cpu) else None
    choices = cpu_choices(options, cpu_type)
    same_cores = next((c for c in choices if c == f"{cores}{cpu_type}"), None)
    rams = ram_choices(options, cpu_type)
    return replace(
        draft,
        cpu_type=cpu_type,
        cpu=same_cores or (choices[0] if choices else ""),
        ram_mb=draft.ram_mb if draft.ram_mb in rams else (rams[0] if rams else None),
    )
