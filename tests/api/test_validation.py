"""The client's own checks, which mirror the API's documented rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamatui.api.validation import (
    check_cpu,
    check_disk_size,
    check_ip,
    check_name,
    check_network_bits,
    check_password,
    check_ram,
    generate_password,
)

NAME_RULE = re.compile(r"[A-Za-z0-9._-]{4,40}")


@given(st.text(max_size=60))
def test_name_check_agrees_with_the_documented_rule(name):
    """4-40 characters of letters, digits, '.', '-' and '_'."""
    assert (check_name(name) == []) == bool(NAME_RULE.fullmatch(name))


@given(st.text(max_size=40))
def test_password_check_agrees_with_the_documented_rule(password):
    """9-32 characters with a lower-case letter, a capital and a digit."""
    ok = (
        9 <= len(password) <= 32
        and re.search("[a-z]", password)
        and re.search("[A-Z]", password)
        and re.search("[0-9]", password)
    )
    assert (check_password(password) == []) == bool(ok)


def test_generated_passwords_meet_the_rules_and_differ():
    """Twenty generated passwords all pass and are all different."""
    passwords = {generate_password() for _ in range(20)}
    assert len(passwords) == 20
    assert all(check_password(p) == [] for p in passwords)


def test_password_message_names_what_is_missing():
    """The message says which kinds of character are missing."""
    (problem,) = check_password("abcdefghij")
    assert "capital" in problem.message and "digit" in problem.message


@pytest.mark.parametrize("cpu", ["2B", "12b", "104B", "1A", "20D", "4T"])
def test_good_cpu_strings(cpu):
    """Cores in decimal, then a type letter A, B, T or D."""
    assert check_cpu(cpu) == []


@pytest.mark.parametrize("cpu", ["B2", "2X", "", "B", "2.5B", "two B"])
def test_bad_cpu_strings(cpu):
    """Anything else is explained."""
    assert check_cpu(cpu)[0].field == "cpu"


def test_ram_must_be_offered_for_the_cpu_type():
    """8096 MB is not a B size; 8192 is."""
    table = {"B": (4096, 8192)}
    assert check_ram(8192, "B", table) == []
    assert "8096 MB" in check_ram(8096, "B", table)[0].message


@pytest.mark.parametrize(
    ("size", "ok"), [(20, True), ("30", True), ("30gb", False), (2.5, False)]
)
def test_disk_size_must_be_a_whole_number(size, ok):
    """Q4: a unit suffix is refused here rather than by the API."""
    assert (check_disk_size(size) == []) is ok


def test_network_bits_and_ips():
    """Prefixes 20-30; IPv4 addresses or 'auto'."""
    assert check_network_bits(24, "n") == [] and check_network_bits(31, "n")
    assert check_ip("auto", "ip") == [] and check_ip("10.0.0.5", "ip") == []
    assert check_ip("10.0.0.500", "ip")
