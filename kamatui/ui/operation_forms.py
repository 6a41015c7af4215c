"""The forms server operations ask with, their choices from the server's options.

Each builder gets the client, the server and the answers given before (when a
refusal reopens the form) and returns the form's fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..api import KamateraClient
from ..api.validation import check_name, check_password
from .fields import CHOICE, SECRET, Field
from .server_rows import format_ram
from .target import Target


async def rename_form(client, target: Target, answers):
    value = (answers or {}).get("name", target.name)
    validate = field_check(check_name)

    def check(name: str) -> str:
        return "that is its name already" if name == target.name else validate(name)

    return [Field("name", "New name", value=value, check=check)]


async def password_form(client, target: Target, answers):
    value = (answers or {}).get("password", "")
    return [
        Field(
            "password", "New password", SECRET, value, check=field_check(check_password)
        )
    ]


async def cpu_form(client: KamateraClient, target: Target, answers):
    choices = await client.cpu_choices(target.id)
    options = [
        (cpu, cpu)
        for cpu_type in ("A", "B", "T", "D")
        for cpu in choices.get(cpu_type, ())
    ]
    current = str(target.info.cpu) if target.info and target.info.cpu else ""
    value = (answers or {}).get("cpu", current)
    return [Field("cpu", "CPU (cores and type)", CHOICE, value, options, _not(current))]


async def ram_form(client: KamateraClient, target: Target, answers):
    info = target.info or await client.server_info(target.id)
    cpu_type = info.cpu.type if info.cpu else "B"
    sizes = (await client.ram_choices(target.id)).get(cpu_type, ())
    options = [(format_ram(mb), mb) for mb in sizes]
    value = (answers or {}).get("ram", info.ram_mb)
    label = f"RAM (sizes for CPU type {cpu_type})"
    return [Field("ram", label, CHOICE, value, options, _not(info.ram_mb))]


async def add_disk_form(client: KamateraClient, target: Target, answers):
    sizes = await client.disk_sizes(target.id)
    value = (answers or {}).get("size")
    return [
        Field("size", "New disk size", CHOICE, value, [(f"{s} GB", s) for s in sizes])
    ]


async def disks_of(client: KamateraClient, target: Target) -> tuple[int, ...]:
    info = await client.server_info(target.id)
    return info.disk_sizes_gb


async def resize_disk_form(client: KamateraClient, target: Target, answers):
    disks = await disks_of(client, target)
    sizes = await client.disk_sizes(target.id)
    answers = answers or {}
    return [
        Field(
            "index",
            "Disk",
            CHOICE,
            answers.get("index"),
            [(f"disk {i}: {size} GB", i) for i, size in enumerate(disks)],
        ),
        Field(
            "size",
            "New size (disks only grow)",
            CHOICE,
            answers.get("size"),
            [(f"{s} GB", s) for s in sizes],
        ),
    ]


async def remove_disk_form(client: KamateraClient, target: Target, answers):
    disks = await disks_of(client, target)
    options = [(f"disk {i}: {size} GB", i) for i, size in enumerate(disks) if i > 0]
    value = (answers or {}).get("index")
    return [
        Field("index", "Disk to remove (the system disk stays)", CHOICE, value, options)
    ]


async def billing_form(client: KamateraClient, target: Target, answers):
    options = await client.server_options()
    packages = options.traffic.get(target.datacenter, ())
    answers = answers or {}
    return [
        Field(
            "cycle",
            "Billing",
            CHOICE,
            answers.get("cycle"),
            [("hourly", "hourly"), ("monthly", "monthly")],
        ),
        Field(
            "traffic",
            "Traffic package (monthly only)",
            CHOICE,
            answers.get("traffic"),
            [(f"{p.id}: {p.info}", p.id) for p in packages],
        ),
    ]


SAME = "same"
"""A choice that keeps the source server's value."""


async def clone_form(client: KamateraClient, target: Target, answers):
    answers = answers or {}
    cpus = await client.cpu_choices(target.id)
    cpu_type = target.info.cpu.type if target.info and target.info.cpu else "B"
    rams = (await client.ram_choices(target.id)).get(cpu_type, ())
    return [
        Field(
            "name",
            "Name of the copy",
            value=answers.get("name", f"{target.name}-copy"[:40]),
            check=field_check(check_name),
        ),
        Field(
            "password",
            "Password of the copy",
            SECRET,
            answers.get("password", ""),
            check=field_check(check_password),
        ),
        Field(
            "billing",
            "Billing",
            CHOICE,
            answers.get("billing", "hourly"),
            [("hourly", "hourly"), ("monthly", "monthly")],
        ),
        Field(
            "cpu",
            "CPU",
            CHOICE,
            answers.get("cpu", SAME),
            [("same as the source", SAME)]
            + [(cpu, cpu) for cpu in cpus.get(cpu_type, ())],
        ),
        Field(
            "ram",
            "RAM",
            CHOICE,
            answers.get("ram", SAME),
            [("same as the source", SAME)] + [(format_ram(mb), mb) for mb in rams],
        ),
    ]


def _not(current: Any) -> Callable[[Any], str]:
    """A check that refuses the value the server already has."""
    return lambda value: "the server has this already" if value == current else ""


def field_check(check) -> Callable[[Any], str]:
    """A field check from a validator: its first problem's message, or ""."""

    def field_check(value: Any) -> str:
        problems = check(value)
        return problems[0].message if problems else ""

    return field_check
