"""An injected drop is the simulator doing its job, not a bug to shout about."""

import logging

import httpx
import pytest


async def test_an_injected_drop_is_logged_quietly(client, sim, caplog):
    """A drop the simulator was told to make is not a simulator bug."""
    caplog.set_level(logging.DEBUG, logger="kamatui.sim")
    sim.faults.set("/service/servers", "drop", times=3)
    for _ in range(3):
        with pytest.raises(httpx.TransportError):
            await client.get("/servers")

    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == []
    assert "simulator bug" not in caplog.text
    assert caplog.text.count("dropped the answer to GET /service/servers") == 3


async def test_a_real_failure_outside_the_routes_is_still_loud(client, sim, caplog):
    def broken(method, path):
        raise RuntimeError("a bug")

    sim.faults.pick = broken
    with pytest.raises(RuntimeError):
        await client.get("/servers")

    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "simulator bug while serving /service/servers" in record.getMessage()
    assert record.exc_info is not None
