"""The server an operation acts on."""

from __future__ import annotations

from dataclasses import dataclass

from ..api.models import ServerInfo, ServerSummary


@dataclass(frozen=True)
class Target:
    """The server an operation acts on, as far as the screen knows it."""

    id: str
    name: str
    datacenter: str
    power: str
    info: ServerInfo | None = None

    @classmethod
    def of(cls, server: ServerSummary | ServerInfo) -> Target:
        info = server if isinstance(server, ServerInfo) else None
        return cls(server.id, server.name, server.datacenter, server.power, info)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.datacenter}, {self.power})"
