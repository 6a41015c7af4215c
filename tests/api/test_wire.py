"""Wire parsing: command ids, control characters and mixed types."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamatui.api.catalog import ServerOptions
from kamatui.api.errors import BadResponse
from kamatui.api.models import QueuedCommand, ServerInfo, ServerSummary
from kamatui.api.wire import clean_text, parse_command_id


@pytest.mark.parametrize(
    "payload",
    [
        17635771,
        "17635771",
        [17635771],
        ["17635771"],
        {"cmdId": 17635771},
        {"cmdId": "17635771"},
        {"commandIds": [17635771, 17635772]},
        {"commandIds": ["17635771"], "password": "x"},
    ],
)
def test_every_command_id_shape_gives_the_int(payload):
    """Each shape the API or the proxy answers with becomes the same int."""
    assert parse_command_id(payload) == 17635771


@pytest.mark.parametrize("payload", [[], {}, "abc", None, {"commandIds": []}, 1.5])
def test_unusable_command_ids_raise_bad_response(payload):
    """Anything that is not a command id is a BadResponse, not a crash."""
    with pytest.raises(BadResponse):
        parse_command_id(payload)


def test_clean_text_replaces_escape_sequences():
    """OSC, CSI and C1 bytes never survive into model strings."""
    dirty = "web\x1b]0;pwned\x07-\x1b[2J\x9b31m-\x00end"
    cleaned = clean_text(dirty)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in cleaned)
    assert cleaned.startswith("web") and cleaned.endswith("end")


def test_clean_text_keeps_newlines_only_when_asked():
    """Logs keep their lines; names become one line."""
    assert clean_text("a\nb", keep_newlines=True) == "a\nb"
    assert "\n" not in clean_text("a\nb")


def test_server_info_tolerates_mixed_types():
    """ram as a string, flags as "0"/"1", the documented 'disks' key."""
    info = ServerInfo.from_api(
        {
            "id": "abc",
            "name": "web\x1b[31m",
            "datacenter": "IL",
            "cpu": "12B",
            "ram": "2048",
            "power": "ON",
            "disks": ["20", 30],
            "networks": [
                {"network": "wan-il", "ips": ["1.2.3.4"]},
                {"network": "lan-1-x", "ips": ["172.16.0.5"]},
            ],
            "billing": "hourly",
            "traffic": 3,
            "managed": "1",
            "backup": "0",
        }
    )
    assert info.cpu.cores == 12 and info.cpu.type_name == "General Purpose"
    assert info.ram_mb == 2048
    assert info.power == "on"
    assert info.disk_sizes_gb == (20, 30)
    assert info.public_ips == ("1.2.3.4",)
    assert info.private_ips == ("172.16.0.5",)
    assert info.managed is True and info.backup is False
    assert info.traffic == "3"
    assert "\x1b" not in info.name


def test_cpu_cores_parse_as_decimal():
    """ "12B" is twelve cores, not eighteen as a hexadecimal reading gives."""
    info = ServerInfo.from_api({"id": "x", "cpu": "12B"})
    assert info.cpu.cores == 12


def test_options_accept_documented_and_observed_keys():
    """'datacenter' (doc) and 'datacenters' (live); flat and per-type RAM."""
    doc_style = ServerOptions.from_api(
        {"datacenter": {"EU": "EU: The Netherlands"}, "ram": [1024, "2048"]}
    )
    assert doc_style.datacenters == {"EU": "EU: The Netherlands"}
    assert doc_style.ram_by_cpu_type["B"] == (1024, 2048)

    live = ServerOptions.from_api(
        {
            "datacenters": {"EU-FR": "EU-FR: Germany"},
            "ram": {"A": [1024]},
            "traffic": {"EU": [{"id": 4, "info": "x"}], "EU-FR": [{"id": "t5000"}]},
            "networks": {"IL": [{"name": "wan", "ips": "auto"}]},
        }
    )
    assert live.traffic["EU"][0].id == "4"
    assert live.traffic["EU-FR"][0].id == "t5000"
    assert live.networks["IL"][0].automatic


def test_queue_object_status_and_log():
    """Unknown statuses count as running; the log keeps its lines."""
    command = QueuedCommand.from_api(
        {"id": "17", "status": "executing", "log": "Name: a\nCreating..."}
    )
    assert command.id == 17 and not command.finished
    assert command.log_lines == ["Name: a", "Creating..."]


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
server_like = st.fixed_dictionaries(
    {},
    optional={
        key: json_values
        for key in (
            "id",
            "name",
            "datacenter",
            "power",
            "cpu",
            "ram",
            "diskSizes",
            "networks",
            "managed",
            "backup",
        )
    },
)


@given(payload=st.one_of(server_like, json_values))
def test_parsers_either_parse_or_raise_their_own_error(payload):
    """Odd but plausible payloads never raise anything but BadResponse."""
    for parse in (
        ServerSummary.from_api,
        ServerInfo.from_api,
        QueuedCommand.from_api,
        ServerOptions.from_api,
        parse_command_id,
    ):
        with contextlib.suppress(BadResponse):
            parse(payload)


def test_library_size_reads_bytes_or_gigabytes():
    """Q7: the documented byte count and a plain GB figure both give GB."""
    from kamatui.api.resources import LibraryDisk

    assert LibraryDisk.from_api({"uuid": "u", "sizeGB": 10737418240}).size_gb == 10
    assert LibraryDisk.from_api({"uuid": "u", "sizeGB": "20"}).size_gb == 20


def test_created_server_reads_name_and_wan_ip_from_the_log():
    """The create log's Name line and Network #1 wan line."""
    from kamatui.api import created_server

    log = (
        "Name: web-1-1\nCreating disks...\n"
        "Network #1: wan 185.3.4.5 255.255.255.0 gw 185.3.4.1\nDone"
    )
    made = created_server(log)
    assert (made.name, made.public_ip) == ("web-1-1", "185.3.4.5")
    assert created_server("nothing useful").name is None


def test_new_log_lines_are_only_the_added_ones():
    """A growing log reports just its new lines; a rewritten one, all."""
    from kamatui.api.commands import new_lines

    first = QueuedCommand.from_api({"id": 1, "log": "a\nb"})
    later = QueuedCommand.from_api({"id": 1, "log": "a\nb\nc"})
    rewritten = QueuedCommand.from_api({"id": 1, "log": "x"})
    assert new_lines(None, first) == ["a", "b"]
    assert new_lines(first, later) == ["c"]
    assert new_lines(later, rewritten) == ["x"]


def test_snapshot_tree_parses_nested_children_and_the_doc_spelling():
    """'child' nests to any depth; the doc's 'dept' is read as depth."""
    from kamatui.api.resources import parse_snapshots

    (root,) = parse_snapshots(
        [
            {
                "id": "1",
                "name": "s1",
                "date": "23/04/2025 12:29:35",
                "active": False,
                "dept": 0,
                "child": [{"id": 2, "name": "s2", "active": "true", "child": []}],
            }
        ]
    )
    assert root.children[0].active and root.children[0].depth == 1
    assert root.taken_at.day == 23
    assert [s.id for s in root.walk()] == [1, 2]


@given(payload=json_values)
def test_resource_parsers_either_parse_or_raise_their_own_error(payload):
    """Snapshots, billing, library and option lists never crash otherwise."""
    from kamatui.api.catalog import parse_ram_table
    from kamatui.api.resources import (
        BillingState,
        parse_cpu_choices,
        parse_disk_sizes,
        parse_library,
        parse_snapshots,
    )

    for parse in (
        parse_snapshots,
        BillingState.from_api,
        parse_library,
        parse_cpu_choices,
        parse_disk_sizes,
        parse_ram_table,
    ):
        with contextlib.suppress(BadResponse):
            parse(payload)


def test_clean_text_replaces_bidi_overrides_and_zero_width_characters():
    """'gnp.exe' tricks and hidden characters cannot disguise a name."""
    cleaned = clean_text("web\u202eexe.gnp\u200b-1\ufeff")
    assert "\u202e" not in cleaned and "\u200b" not in cleaned
    assert "\ufeff" not in cleaned
    assert clean_text("ordinary ünïcode 名前") == "ordinary ünïcode 名前"
