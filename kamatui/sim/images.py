"""The public disk images of each datacenter.

Ids have the real form ``<DC>:6000C29<25 hex>``. They come from a fixed seed,
not the account seed, so image ids stay the same across simulated accounts
just as Kamatera's do. The newer datacenters print the hex in upper case,
which clients must tolerate (quirk Q15).
"""

import random
from dataclasses import dataclass, field
from typing import Any

from kamatui.sim.catalog import DATACENTERS, OLD_DATACENTERS

_LINUX_USAGE = (
    "Connect to the server via SSH as root with the password chosen when the "
    "server was created. The image ships with a minimal set of packages and "
    "automatic security updates turned off; run the package manager's update "
    "command after the first login. Cloud-init reads the startup script, if "
    "one was given, on the first boot only."
)
_WINDOWS_USAGE = (
    "Connect to the server with Remote Desktop as Administrator, using the "
    "password chosen when the server was created. Windows Update is enabled "
    "and the first boot can take up to fifteen minutes while updates install. "
    "The licence is billed monthly together with the server."
)
_APP_USAGE = (
    "The application is installed and listening on the public address once "
    "the server is up. Open http://<server ip>/ in a browser to finish the "
    "set-up wizard; the admin credentials are printed in /root/README after "
    "the first boot. Updates are the owner's responsibility."
)

_IMAGES: list[tuple[str, int, str]] = [
    ("ubuntu_server_16.04_64-bit", 5, _LINUX_USAGE),
    ("ubuntu_server_18.04_64-bit", 4, _LINUX_USAGE),
    ("ubuntu_server_18.04_64-bit_optimized_updated", 5, _LINUX_USAGE),
    ("ubuntu_server_20.04_64-bit", 5, _LINUX_USAGE),
    ("ubuntu_server_20.04_64-bit_optimized", 5, _LINUX_USAGE),
    ("ubuntu_server_22.04_64-bit", 5, _LINUX_USAGE),
    ("ubuntu_server_22.04_64-bit_optimized", 5, _LINUX_USAGE),
    ("ubuntu_server_24.04_64-bit", 5, _LINUX_USAGE),
    ("debian_server_10_64-bit", 4, _LINUX_USAGE),
    ("debian_server_11_64-bit", 4, _LINUX_USAGE),
    ("debian_server_12_64-bit", 4, _LINUX_USAGE),
    ("centos_7.4_64-bit_minimal", 4, _LINUX_USAGE),
    ("centos_8.0_64-bit_minimal", 5, _LINUX_USAGE),
    ("centos_stream_9_64-bit", 5, _LINUX_USAGE),
    ("rockylinux_8_64-bit", 5, _LINUX_USAGE),
    ("rockylinux_9_64-bit", 5, _LINUX_USAGE),
    ("almalinux_8_64-bit", 5, _LINUX_USAGE),
    ("almalinux_9_64-bit", 5, _LINUX_USAGE),
    ("fedora_40_64-bit", 5, _LINUX_USAGE),
    ("opensuse_leap_15.5_64-bit", 5, _LINUX_USAGE),
    ("freebsd_13.2_64-bit", 5, _LINUX_USAGE),
    ("freebsd_14.0_64-bit", 5, _LINUX_USAGE),
    ("windows_server_2012_r2_standard_64-bit", 30, _WINDOWS_USAGE),
    ("windows_server_2016_standard_64-bit", 30, _WINDOWS_USAGE),
    ("windows_server_2019_standard_64-bit", 30, _WINDOWS_USAGE),
    ("windows_server_2019_datacenter_64-bit", 30, _WINDOWS_USAGE),
    ("windows_server_2022_standard_64-bit", 30, _WINDOWS_USAGE),
    ("windows_server_2022_datacenter_64-bit", 30, _WINDOWS_USAGE),
    ("apps_docker_ubuntu_22.04", 10, _APP_USAGE),
    ("apps_gitlab_ce_ubuntu_22.04", 20, _APP_USAGE),
    ("apps_jenkins_ubuntu_22.04", 10, _APP_USAGE),
    ("apps_nextcloud_ubuntu_22.04", 20, _APP_USAGE),
    ("service_wordpress_ubuntu_22.04", 10, _APP_USAGE),
    ("service_openvpn_ubuntu_22.04", 5, _APP_USAGE),
    ("service_lamp_ubuntu_22.04", 10, _APP_USAGE),
    ("service_cpanel_almalinux_8", 20, _APP_USAGE),
]

_DEV_IMAGES = 3
"""The DEV datacenter carries only a few images, as in old catalog dumps."""

_IMAGE_SEED = "kamatera-public-images"


@dataclass
class DiskImage:
    """One image in the options catalog."""

    id: str
    description: str
    size_gb: int
    usage_info: str
    guest_description: str = ""
    additional_disks: list[int] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "id": self.id,
            "sizeGB": self.size_gb,
            "usageInfo": self.usage_info,
            "guestDescription": self.guest_description,
            "freeTextOne": "",
            "freeTextTwo": "",
            "additionalDisks": list(self.additional_disks),
        }


def image_id(rng: random.Random, datacenter: str) -> str:
    """A fresh image id in Kamatera's form for one datacenter."""
    tail = f"{rng.getrandbits(100):025x}"
    if datacenter not in OLD_DATACENTERS:
        tail = tail.upper()

    return f"{datacenter}:6000C29{tail}"


def public_images() -> dict[str, list[DiskImage]]:
    """Every datacenter's public images, identical on each call."""
    rng = random.Random(_IMAGE_SEED)
    images: dict[str, list[DiskImage]] = {}
    for datacenter in DATACENTERS:
        rows = _IMAGES[:_DEV_IMAGES] if datacenter == "DEV" else _IMAGES
        images[datacenter] = [_image(rng, datacenter, row) for row in rows]

    return images


def _image(rng: random.Random, datacenter: str, row: tuple) -> DiskImage:
    description, size_gb, usage = row
    guest = description.replace("_", " ").replace("-", " ").title()
    extra = [20] if description.startswith("apps_gitlab") else []
    return DiskImage(
        image_id(rng, datacenter), description, size_gb, usage, guest, extra
    )
