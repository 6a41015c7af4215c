"""Bad control values are refused up front, with the field named, and change nothing."""

import math

import httpx
import pytest

from kamatui.sim.cli import main as sim_main
from kamatui.sim.errors import BadField
from tests.sim.conftest import finish, server_named

CONTROL = "http://sim.test/_sim"


@pytest.fixture
async def control(sim):
    """A client for the /_sim routes, in-process."""
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url=CONTROL) as client:
        yield client


def refusal(response: httpx.Response) -> dict:
    """The one error of a 400 answer."""
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    return error


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "-5", "abc", "1e308"])
async def test_the_clock_refuses_what_it_could_not_recover_from(
    control, client, sim, clock, seconds
):
    """NaN once broke the queue for good; now the clock does not move."""
    before = clock.now()
    error = refusal(await control.post("/clock/advance", data={"seconds": seconds}))

    assert error["field"] == "seconds"
    assert error["info"].startswith("seconds ")
    assert clock.now() == before

    web = server_named(sim, "web-01.shop-prod")
    command = await client.put(f"/server/{web.id}/power", data={"power": "off"})
    assert (await finish(client, clock, command.json()))["status"] == "complete"


async def test_the_clock_still_advances_by_a_good_number(control, clock):
    before = clock.now()
    answer = await control.post("/clock/advance", json={"seconds": 90})
    assert answer.json() == {"now": before + 90}


def test_the_clock_refuses_nan_in_process_too(clock):
    for seconds in (math.nan, math.inf, -1.0):
        with pytest.raises(BadField, match="^seconds "):
            clock.advance(seconds)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mode": "drop", "probability": "nan"}, "probability"),
        ({"mode": "drop", "probability": "1.5"}, "probability"),
        ({"mode": "drop", "probability": "-0.1"}, "probability"),
        ({"mode": "drop", "probability": "often"}, "probability"),
        ({"mode": "drop", "times": "-1"}, "times"),
        ({"mode": "drop", "times": "1.5"}, "times"),
        ({"mode": "latency", "delay": "-5"}, "delay"),
        ({"mode": "latency", "delay": "nan"}, "delay"),
        ({"mode": "latency", "delay": "inf"}, "delay"),
        ({"mode": "explode"}, "mode"),
        ({}, "mode"),
        ({"mode": "drop", "pattern": ""}, "pattern"),
        ({"mode": "drop", "pattern": "  "}, "pattern"),
    ],
)
async def test_bad_fault_fields_are_a_400_naming_the_field(control, fields, field):
    """And nothing is added, so listing the rules keeps working."""
    error = refusal(await control.post("/faults", data={"pattern": "*", **fields}))

    assert error["field"] == field
    assert error["info"].startswith(f"{field} ")
    listed = await control.get("/faults")
    assert listed.status_code == 200 and listed.json()["rules"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mode": "drop", "times": True}, "times"),
        ({"mode": "drop", "times": 2.5}, "times"),
        ({"mode": "drop", "probability": [1]}, "probability"),
        ({"mode": ["drop"]}, "mode"),
        ({"mode": "drop", "pattern": ["*"]}, "pattern"),
        ({"script": ["drop", 5]}, "script"),
        ({"script": ["drop"], "pattern": ""}, "pattern"),
    ],
)
async def test_bad_json_fault_fields_are_a_400_naming_the_field(control, body, field):
    assert refusal(await control.post("/faults", json=body))["field"] == field


async def test_good_fault_fields_from_a_form_are_still_taken(control, client):
    form = {"pattern": "/service/servers", "mode": "rate_limit", "times": "1"}
    added = await control.post("/faults", data={**form, "probability": "1"})
    assert added.json() == {"ok": True}
    (rule,) = (await control.get("/faults")).json()["rules"]
    assert rule["times"] == 1 and rule["probability"] == 1.0
    assert (await client.get("/servers")).status_code == 429
    assert (await client.get("/servers")).status_code == 200


def test_bad_rules_are_refused_in_process_too(sim):
    with pytest.raises(BadField, match="^times "):
        sim.faults.set("*", "drop", times=-1)
    with pytest.raises(BadField, match="^probability "):
        sim.faults.set("*", "drop", probability=math.nan)
    assert sim.faults.rules == []


@pytest.mark.parametrize(
    ("argument", "said"),
    [
        ("/service/servers=drop:nan", "probability must be a number from 0 to 1"),
        ("/service/servers=drop:2", "probability must be a number from 0 to 1"),
        ("/service/servers=drop:often", "probability must be a number from 0 to 1"),
        ("/service/servers=drop:", "probability must be a number from 0 to 1"),
        ("=drop", "pattern must be a path pattern"),
        ("/service/servers=explode", "mode must be one of server_error"),
        ("/service/servers", "expected PATTERN=MODE[:PROBABILITY]"),
    ],
)
def test_a_bad_fault_on_the_command_line_is_one_line(
    capsys, monkeypatch, argument, said
):
    monkeypatch.setattr("kamatui.sim.cli.make_server", _must_not_serve)
    with pytest.raises(SystemExit) as caught:
        sim_main(["--port", "0", "--fault", argument])

    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if "error:" in line]
    assert line.startswith("kamatui-sim: error: argument --fault: ")
    assert said in line


@pytest.mark.parametrize("speed", ["nan", "inf", "0", "-1"])
def test_a_speed_that_would_break_the_clock_is_refused(capsys, monkeypatch, speed):
    monkeypatch.setattr("kamatui.sim.cli.make_server", _must_not_serve)
    with pytest.raises(SystemExit) as caught:
        sim_main(["--port", "0", "--speed", speed])

    assert caught.value.code == 2
    assert "speed must be a finite number greater than 0" in capsys.readouterr().err


def _must_not_serve(*args, **kwargs):
    pytest.fail("the simulator started serving with a bad argument")
