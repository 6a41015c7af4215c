"""The floor under which a lost change's command cannot be."""

from __future__ import annotations

import asyncio

from kamatui.api import command_floor
from kamatui.api.command_floor import CommandFloor
from kamatui.api.errors import ServiceUnavailable


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_recent_read_serves_and_an_old_one_is_read_again():
    clock = FakeClock()
    floor = CommandFloor(clock)
    reads = []

    async def read_queue():
        reads.append(clock.now)
        return [10 + len(reads)]

    assert await floor.before_change(read_queue) == 11
    clock.now += command_floor.FRESH_SECONDS - 1
    assert await floor.before_change(read_queue) == 11
    clock.now += 2
    assert await floor.before_change(read_queue) == 12
    assert len(reads) == 2


async def test_ids_seen_in_answers_raise_the_floor_and_never_lower_it():
    floor = CommandFloor(FakeClock())
    floor.saw([5, 40, 7])
    floor.saw([12])
    assert floor.newest == 40


async def test_an_unreadable_queue_leaves_the_floor_seen_before():
    floor = CommandFloor(FakeClock())
    floor.saw([30])

    async def refused():
        raise ServiceUnavailable("HTTP 503")

    assert await floor.before_change(refused) == 30


async def test_a_queue_that_does_not_answer_holds_the_change_only_briefly(
    monkeypatch,
):
    monkeypatch.setattr(command_floor, "READ_LIMIT", 0.05)
    floor = CommandFloor(FakeClock())

    async def hangs():
        await asyncio.sleep(3600)

    assert await asyncio.wait_for(floor.before_change(hangs), 2) is None
