"""Property tests for the parsers and validators the other suites do not sweep.

Each one takes anything of the right kind, and answers with a value or with
its own error type; none raises anything else.
"""

from __future__ import annotations

import contextlib
import json
import unicodedata

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from kamatui.api.commands import created_server, new_lines
from kamatui.api.errors import ApiError, BadResponse
from kamatui.api.models import QueuedCommand, Token, parse_server_list
from kamatui.api.responses import decode_json, error_for
from kamatui.api.validation import (
    check_billing,
    check_cpu,
    check_disk_size,
    check_ip,
    check_network_bits,
    check_ram,
)
from kamatui.api.wire import clean_text
from kamatui.config import ConfigError, load_config
from kamatui.ledger import parse_lines
from kamatui.view_state import SCREENS, SERVER_SCREENS, _from_document

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
anything = json_values | st.binary(max_size=20) | st.tuples(st.integers())


@given(payload=json_values)
def test_list_and_token_parsers_parse_or_raise_bad_response(payload):
    """GET /servers and /authenticate answers of any shape."""
    for parse in (parse_server_list, Token.from_api):
        with contextlib.suppress(BadResponse):
            parse(payload)


@given(log=st.text(max_size=300))
def test_a_create_log_of_any_text_gives_a_name_or_none(log):
    """The create log is free text; reading it never fails."""
    made = created_server(log)
    assert made.name is None or isinstance(made.name, str)
    assert made.public_ip is None or isinstance(made.public_ip, str)


@given(first=st.text(max_size=60), second=st.text(max_size=60))
def test_new_log_lines_are_always_lines_of_the_later_log(first, second):
    before = QueuedCommand.from_api({"id": 1, "log": first})
    after = QueuedCommand.from_api({"id": 1, "log": second})
    assert set(new_lines(before, after)) <= set(after.log.splitlines())


@given(text=st.text())
def test_clean_text_leaves_no_control_character(text):
    """Nothing from the wire reaches the terminal as a control code."""
    cleaned = clean_text(text)
    assert not any(unicodedata.category(ch) == "Cc" for ch in cleaned)


@given(
    status=st.integers(min_value=100, max_value=599),
    body=st.one_of(
        st.binary(max_size=60),
        json_values.map(lambda value: json.dumps(value).encode()),
        st.just(b"<html><body>Bad gateway</body></html>"),
    ),
    content_type=st.sampled_from(["application/json", "text/html", ""]),
)
def test_any_response_is_data_an_api_error_or_nothing(status, body, content_type):
    """Status and body of any kind: an ApiError with a title, or none."""
    response = httpx.Response(
        status,
        content=body,
        headers={"content-type": content_type} if content_type else {},
        request=httpx.Request("GET", "http://localhost/service/servers"),
    )
    error = error_for(response)
    if error is not None:
        assert isinstance(error, ApiError) and error.title and error.message
    with contextlib.suppress(ApiError):
        decode_json(response)


@given(value=st.text(max_size=12), allowed=st.lists(st.text(max_size=4), max_size=3))
def test_cpu_check_answers_problems_never_raises(value, allowed):
    assert isinstance(check_cpu(value, tuple(allowed)), list)


@given(
    megabytes=st.integers(),
    cpu_type=st.text(max_size=3),
    table=st.dictionaries(
        st.sampled_from("ABTD"), st.lists(st.integers(), max_size=4).map(tuple)
    ),
)
def test_ram_check_answers_problems_never_raises(megabytes, cpu_type, table):
    assert isinstance(check_ram(megabytes, cpu_type, table), list)


@given(size=anything, allowed=st.lists(st.integers(), max_size=3))
def test_disk_size_check_takes_anything(size, allowed):
    """A unit, a float, a bool or a list: a problem, never an exception."""
    problems = check_disk_size(size, tuple(allowed))
    if isinstance(size, bool) or not isinstance(size, int | str):
        assert problems


@given(value=st.none() | st.text(max_size=20), bits=st.none() | st.integers())
def test_address_checks_answer_problems_never_raise(value, bits):
    assert isinstance(check_ip(value, "ip"), list)
    assert isinstance(check_network_bits(bits, "bits"), list)


@given(
    cycle=st.text(max_size=8),
    traffic=st.none() | st.text(max_size=6),
    packages=st.lists(st.text(max_size=6), max_size=3),
)
def test_billing_check_answers_problems_never_raises(cycle, traffic, packages):
    assert isinstance(check_billing(cycle, traffic, tuple(packages)), list)


@given(lines=st.lists(st.text(max_size=80) | json_values.map(json.dumps), max_size=8))
def test_any_ledger_lines_read_with_the_damage_counted(lines):
    """Damaged or foreign lines are skipped and counted, never fatal."""
    reading = parse_lines(lines)
    assert reading.skipped <= len(lines)


@given(document=st.dictionaries(st.text(max_size=12), json_values, max_size=8))
def test_any_view_state_document_gives_a_usable_state(document):
    state = _from_document(document)
    assert state.screen in SCREENS
    assert state.screen not in SERVER_SCREENS or state.server_id


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_config_file_loads_or_says_what_is_wrong(tmp_path_factory, content):
    """Bytes of any kind in the config file: a config or one ConfigError."""
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_bytes(content)
    try:
        load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path))
