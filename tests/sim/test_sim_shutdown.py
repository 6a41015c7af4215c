"""A simulator served over loopback shuts down quietly, whatever hangs in it."""

import asyncio
import logging

import httpx
import pytest

from kamatui.sim import serve_in_thread
from tests.sim.conftest import key_headers


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_hang_cancelled_at_shutdown_logs_no_traceback(sim):
    """The injected hang is cancelled on exit; that is no error to print."""
    kept = Kept()
    uvicorn_errors = logging.getLogger("uvicorn.error")
    sim.faults.set("/service/servers", "hang")
    try:
        with serve_in_thread(sim) as base_url:
            # Added once serving: uvicorn's logging setup drops earlier handlers.
            uvicorn_errors.addHandler(kept)
            with pytest.raises(httpx.ReadTimeout):
                httpx.get(f"{base_url}/servers", headers=key_headers(sim), timeout=0.2)
    finally:
        uvicorn_errors.removeHandler(kept)

    cancelled = [
        record
        for record in kept.records
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError)
    ]
    assert kept.records, "uvicorn said nothing at all while cancelling the hang"
    assert cancelled == []
