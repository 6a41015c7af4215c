"""Merging, filtering and sorting the server list, without a screen."""

from __future__ import annotations

from kamatui.api.models import ServerInfo, ServerSummary
from kamatui.ui.detail_schedule import DetailSchedule
from kamatui.ui.server_rows import ServerRows, format_ram


def summary(i, name, dc="EU", power="on"):
    return ServerSummary(id=f"id-{i}", name=name, datacenter=dc, power=power)


def info(i, name, ip, ram=2048, cpu="2B"):
    return ServerInfo.from_api(
        {
            "id": f"id-{i}",
            "name": name,
            "cpu": cpu,
            "ram": ram,
            "networks": [{"network": "wan-eu", "ips": [ip]}],
        }
    )


def names(rows):
    return [str(row.cells[0]) for row in rows]


def test_rows_sort_by_name_and_reverse():
    """Name order is case-insensitive; S reverses it."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "beta"), summary(2, "Alpha"), summary(3, "gamma")])
    assert names(rows.rows()) == ["Alpha", "beta", "gamma"]
    assert names(rows.rows(reverse=True)) == ["gamma", "beta", "Alpha"]


def test_filter_matches_every_word_in_name_dc_or_ip():
    """Words are ANDed and match anywhere, IPs included once known."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "web-1", "IL"), summary(2, "db-1", "EU")])
    rows.set_detail(info(2, "db-1", "185.1.2.3"))
    assert names(rows.rows("web il")) == ["web-1"]
    assert names(rows.rows("185.1")) == ["db-1"]
    assert names(rows.rows("web eu")) == []


def test_unchanged_servers_keep_their_row_objects():
    """A refresh that changes nothing rebuilds nothing."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "a"), summary(2, "b")])
    before = rows.rows()
    changed = rows.set_summaries([summary(1, "a"), summary(2, "b")])
    assert changed == set()
    assert all(x is y for x, y in zip(before, rows.rows(), strict=True))


def test_power_change_is_reported_for_detail_renewal():
    """A server whose list data changed is named so its details renew."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "a")])
    assert rows.set_summaries([summary(1, "a", power="off")]) == {"id-1"}


def test_sort_by_ram_puts_unknown_details_last():
    """Rows whose details have not arrived sort after the known ones."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "a"), summary(2, "b"), summary(3, "c")])
    rows.set_detail(info(1, "a", "1.1.1.1", ram=8192))
    rows.set_detail(info(3, "c", "1.1.1.2", ram=1024))
    assert names(rows.rows(sort_key="ram")) == ["c", "a", "b"]


def test_detail_fills_cpu_ram_and_ip_cells():
    """Details add cpu, ram in GB and the first public IP."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "a")])
    assert rows.set_detail(info(1, "a", "5.6.7.8"))
    cells = [str(cell) for cell in rows.rows()[0].cells]
    assert cells[3:] == ["2B", "2 GB", "5.6.7.8"]
    assert not rows.set_detail(info(1, "a", "5.6.7.8"))


def test_format_ram():
    """Whole gigabytes, fractions, and small sizes in MB."""
    assert [format_ram(m) for m in (512, 1024, 1536, None)] == [
        "512 MB",
        "1 GB",
        "1.5 GB",
        "",
    ]


def test_detail_schedule_fetches_once_until_stale_or_invalidated():
    """Fetched details are not fetched again until old or invalidated."""
    now = [0.0]
    schedule = DetailSchedule(max_age=60, clock=lambda: now[0])
    assert schedule.due(["a", "b"]) == ["a", "b"]
    schedule.started("a")
    assert schedule.due(["a", "b"]) == ["b"]
    schedule.finished("a", ok=True)
    assert schedule.due(["a"]) == []
    now[0] = 61
    assert schedule.due(["a"]) == ["a"]
    schedule.finished("a", ok=True)
    schedule.invalidate(["a"])
    assert schedule.due(["a"]) == ["a"]


def test_typing_and_deleting_in_the_filter_matches_a_fresh_filter():
    """Narrowing reuses the last result; widening again starts over."""
    server_names = ["web-1", "web-2", "db-1", "web-db", "cache", "webcache-9"]
    servers = [summary(i, name) for i, name in enumerate(server_names)]
    rows = ServerRows()
    rows.set_summaries(servers)
    for query in ["w", "we", "web", "web d", "web db", "web d", "web", "", "c", "ca 9"]:
        fresh = ServerRows()
        fresh.set_summaries(servers)
        assert names(rows.rows(query)) == names(fresh.rows(query)), query


def test_new_details_change_the_sorted_order():
    """The cached order is dropped when a detail changes a sort value."""
    rows = ServerRows()
    rows.set_summaries([summary(1, "a"), summary(2, "b")])
    rows.set_detail(info(1, "a", "1.1.1.1", ram=8192))
    rows.set_detail(info(2, "b", "1.1.1.2", ram=4096))
    assert names(rows.rows(sort_key="ram")) == ["b", "a"]
    rows.set_detail(info(2, "b", "1.1.1.2", ram=16384))
    assert names(rows.rows(sort_key="ram")) == ["a", "b"]


def test_without_colour_power_is_told_by_word_and_weight():
    """NO_COLOR: no colour styles that would turn into unreadable greys."""
    rows = ServerRows(colour=False)
    rows.set_summaries([summary(1, "a", power="on"), summary(2, "b", power="off")])
    on, off = (row.cells[2] for row in rows.rows())
    assert str(on.style) == "bold" and str(off.style) == ""
    coloured = ServerRows()
    coloured.set_summaries([summary(1, "a", power="off")])
    assert str(coloured.rows()[0].cells[2].style) == "red"
