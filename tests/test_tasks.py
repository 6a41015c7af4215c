"""The task book: following commands, backing off, persisting, losing."""

from __future__ import annotations

import json

from kamatui.api.models import QueuedCommand
from kamatui.tasks import QUEUE_GRACE, Task, TaskBook, poll_interval, task_file
from tests.state_files import DEEP_NESTING, HOSTILE, make_fifo, without_waiting


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_task(command_id=1, **kw):
    fields = dict(
        command_id=command_id,
        server_id="srv",
        server_name="web-1",
        action="Power off",
        submitted_at=1000.0,
    )
    fields.update(kw)
    return Task(**fields)


def command(command_id=1, status="progress", log="Starting"):
    return QueuedCommand.from_api({"id": command_id, "status": status, "log": log})


def test_polls_back_off_for_long_commands():
    """Every 2 s for a minute, then 5 s, then 15 s after ten minutes."""
    assert [poll_interval(age) for age in (0, 59, 60, 599, 600)] == [2, 2, 5, 5, 15]


def test_a_task_is_due_at_once_then_after_its_interval():
    """New tasks poll immediately; polled ones wait their interval."""
    clock = Clock()
    book = TaskBook(clock=clock)
    book.add(make_task())
    assert [t.command_id for t in book.due()] == [1]
    book.observed(command())
    assert book.due() == []
    clock.now += 2
    assert len(book.due()) == 1


def test_a_poll_answered_just_after_a_tick_is_due_at_the_tick_two_later():
    """Ticks come once a second and an answer lands a moment after its tick:
    the next poll still goes 2 s after the last tick, not 3."""
    clock = Clock()
    book = TaskBook(clock=clock)
    book.add(make_task())
    clock.now += 0.02  # the answer to the poll sent at the tick
    book.observed(command())
    clock.now += 0.98  # the next tick
    assert book.due() == []
    clock.now += 1.0  # two ticks after the poll was sent
    assert len(book.due()) == 1


def test_observed_changes_are_reported_once():
    """A poll with nothing new reports no change (so nothing is redrawn)."""
    book = TaskBook(clock=Clock())
    book.add(make_task())
    assert book.observed(command(log="a")) is not None
    assert book.observed(command(log="a")) is None
    assert book.observed(command(log="a\nb")).last_line == "b"


def test_404_within_the_grace_is_waiting_after_it_is_lost():
    """The queue may not know a command at first; later it is lost."""
    clock = Clock()
    book = TaskBook(clock=clock)
    book.add(make_task())
    assert book.not_in_queue(1) is None
    clock.now += QUEUE_GRACE + 1
    lost = book.not_in_queue(1)
    assert lost.status == "lost" and lost.ended
    assert book.due() == []


def test_ended_tasks_stay_until_dismissed_running_ones_cannot_be():
    """Dismiss removes an ended task and refuses a running one."""
    book = TaskBook(clock=Clock())
    book.add(make_task(1))
    book.add(make_task(2))
    book.observed(command(1, status="complete", log="Done"))
    assert not book.dismiss(2)
    assert book.dismiss(1)
    assert [t.command_id for t in book] == [2]


def test_unfinished_tasks_survive_a_restart(tmp_path):
    """Saved per profile; a new book on the same file picks them up."""
    path = task_file(tmp_path, "work/prod")
    assert path.name == "tasks-work_prod.json"
    book = TaskBook(path=path, clock=Clock())
    book.add(make_task(1))
    book.add(make_task(2))
    book.observed(command(2, status="complete"))

    again = TaskBook(path=path, clock=Clock())
    assert [t.command_id for t in again] == [1]
    assert again.due()


def test_an_unreadable_task_file_is_ignored(tmp_path):
    """A corrupt file is logged and skipped, never a crash."""
    path = tmp_path / "tasks.json"
    path.write_text("{not json")
    assert len(TaskBook(path=path)) == 0
    path.write_text(json.dumps([{"unexpected": 1}]))
    assert len(TaskBook(path=path)) == 0


def saved(**changes):
    """One entry as a task file holds it."""
    row = dict(
        command_id=7,
        server_id="srv",
        server_name="web-1",
        action="Power off",
        submitted_at=1000.0,
    )
    row.update(changes)
    return row


def test_deeply_nested_json_is_ignored(tmp_path, caplog):
    """json.loads raises RecursionError on it, which is not a ValueError."""
    path = tmp_path / "tasks.json"
    path.write_text(DEEP_NESTING)
    assert len(TaskBook(path=path)) == 0
    assert "nested too deeply" in caplog.text


def test_entries_with_wrong_types_are_skipped_and_counted(tmp_path, caplog):
    """Each would raise TypeError later, in the task panel; the good one stays."""
    bad = [
        saved(command_id=1, submitted_at=None),
        saved(command_id=2, submitted_at="yesterday"),
        saved(command_id=3, server_name=["web"]),
        saved(command_id="4"),
        saved(command_id=True),
        saved(command_id=5, seen_by_queue=1),
        saved(command_id=6, submitted_at=float("nan")),
        saved(command_id=8, submitted_at=10**400),
        {"command_id": 9, "server_id": "x"},
        "not an entry",
    ]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([*bad, saved(submitted_at=1000, extra="ignored")]))
    book = TaskBook(path=path)
    assert [task.command_id for task in book] == [7]
    assert book.get(7).submitted_at == 1000.0
    assert f"skipped {len(bad)} of {len(bad) + 1} entries" in caplog.text


def test_a_task_file_that_is_not_a_list_is_ignored(tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps({"command_id": 1}))
    assert len(TaskBook(path=path)) == 0


def test_a_fifo_is_ignored_without_waiting_for_a_writer(tmp_path, caplog):
    """Opening a FIFO blocks until something writes to it; kamatui never waits."""
    path = make_fifo(tmp_path / "tasks.json")
    book = without_waiting(lambda: TaskBook(path=path), path)
    assert len(book) == 0
    assert "a FIFO, not a regular file" in caplog.text


def test_escape_sequences_in_a_task_file_are_cleaned(tmp_path):
    """Names and actions reach toasts; the log keeps its lines, nothing else."""
    row = saved(
        server_id=HOSTILE,
        server_name=HOSTILE,
        action="Power off\x1b[2J",
        status="progress\x9b",
        log="Starting\nline\x1b]52;c;aGk=\x07",
        note=HOSTILE,
    )
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([row]))
    task = TaskBook(path=path).get(7)
    texts = (task.server_id, task.server_name, task.action, task.status, task.note)
    assert all(text.isprintable() for text in texts)
    assert task.action == "Power off\ufffd[2J"
    assert task.log.splitlines()[0] == "Starting"
    assert "\x1b" not in task.log and "\x07" not in task.log


async def test_the_follower_sends_no_more_than_its_share_of_polls_at_once():
    """Thousands of due tasks: a tick starts only MAX_POLLS_IN_FLIGHT polls."""
    from types import SimpleNamespace

    from kamatui.ui.task_follower import MAX_POLLS_IN_FLIGHT, TaskFollower

    started = []
    app = SimpleNamespace(
        session=SimpleNamespace(client=None),
        set_interval=lambda *args, **kwargs: SimpleNamespace(stop=lambda: None),
        run_worker=lambda work, **kwargs: started.append(work.close()),
    )
    book = TaskBook(clock=Clock())
    for number in range(3000):
        book.add(make_task(number))
    follower = TaskFollower(app, book)
    follower._tick()
    assert len(started) == MAX_POLLS_IN_FLIGHT


def test_the_longest_waiting_tasks_come_first_so_none_starve():
    """More tasks due than a tick polls: the ones polled least recently go
    first, so every task is asked in turn, not the oldest few over and over."""
    clock = Clock()
    book = TaskBook(clock=clock)
    for number in range(40):
        book.add(make_task(number, submitted_at=1000.0 + number))
    polled: set[int] = set()
    for _ in range(6):
        for task in book.due()[:8]:
            book.observed(command(task.command_id))
            polled.add(task.command_id)
        clock.now += 1.0
    assert polled == set(range(40))
