"""Counts and lists built from numbers read as English."""

from __future__ import annotations

from kamatui.wording import counted, listed


def test_counts_say_none_one_or_many():
    assert counted(0, "task") == "no tasks"
    assert counted(1, "task") == "1 task"
    assert counted(3, "task") == "3 tasks"
    assert counted(2, "entry", "entries") == "2 entries"


def test_lists_end_with_and():
    assert listed([]) == ""
    assert listed(["A"]) == "A"
    assert listed(["A", "B"]) == "A and B"
    assert listed(["A", "B", "C"]) == "A, B and C"
