"""The Markdown timeline: the right actions for a period, readable in a chat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kamatui.ledger import Action
from kamatui.timeline import BY_KEY, code, in_period, markdown_timeline

NOW = datetime(2025, 12, 3, 20, 0, 0, tzinfo=UTC)


def action(minutes_ago: float, **changes) -> Action:
    values = dict(
        at=NOW - timedelta(minutes=minutes_ago),
        session="this",
        profile="prod-eu",
        server_id="EU-7",
        server_name="web-1",
        operation="Power off",
        parameters={"power": "off"},
        command_id=4512,
        outcome="complete",
    )
    values.update(changes)
    return Action(**values)


LEDGER = [
    action(5, outcome="sent"),
    action(30, operation="Rename", parameters={"name": "web-2"}, command_id=4511),
    action(90, session="earlier", outcome="error", detail="Server is busy"),
    action(60 * 30, session="earlier"),
    action(10, profile="staging"),
]


def chosen(key: str) -> list[Action]:
    return in_period(LEDGER, BY_KEY[key], now=NOW, profile="prod-eu", session="this")


def test_each_period_holds_the_profiles_actions_oldest_first():
    """Session, hour, day, all: other profiles never, oldest first always."""
    assert [a.at for a in chosen("session")] == [LEDGER[1].at, LEDGER[0].at]
    assert len(chosen("hour")) == 2
    assert [a.outcome for a in chosen("day")] == ["error", "complete", "sent"]
    assert len(chosen("all")) == 4
    assert all(a.profile == "prod-eu" for a in chosen("all"))


def test_actions_sent_in_the_same_second_keep_the_order_they_were_sent():
    """A bulk change's lines share a time; the ledger reads newest first."""
    first = action(1, server_name="api-01", command_id=17643977)
    second = action(1, server_name="api.billing", command_id=17643999)
    newest_first = [second, first]
    chosen = in_period(
        newest_first, BY_KEY["hour"], now=NOW, profile="prod-eu", session="this"
    )
    assert [a.server_name for a in chosen] == ["api-01", "api.billing"]


def test_the_timeline_reads_as_an_incident_log():
    """Heading with profile and period, then one bullet per action, in UTC."""
    text = markdown_timeline(chosen("day"), BY_KEY["day"], profile="prod-eu", now=NOW)
    assert text == (
        "### kamatui actions: profile `prod-eu`, the last 24 hours\n"
        "\n"
        "3 actions, from 2025-12-03 18:30:00 UTC to 2025-12-03 19:55:00 UTC; "
        "written at 2025-12-03 20:00:00 UTC.\n"
        "\n"
        "- 2025-12-03 18:30:00 UTC: Power off, `web-1` (id `EU-7`), "
        "`power=off`, command 4512: error, `Server is busy`\n"
        "- 2025-12-03 19:30:00 UTC: Rename, `web-1` (id `EU-7`), "
        "`name=web-2`, command 4511: complete\n"
        "- 2025-12-03 19:55:00 UTC: Power off, `web-1` (id `EU-7`), "
        "`power=off`, command 4512: still running\n"
    )


def test_an_empty_period_still_says_what_it_covers():
    text = markdown_timeline([], BY_KEY["hour"], profile="p", now=NOW)
    assert text.startswith("### kamatui actions: profile `p`, the last hour\n")
    assert "0 actions, none;" in text


def test_a_create_without_id_masked_password_and_long_values():
    """No id yet for a create; the mask stays; a long SSH key is cut."""
    create = action(
        1,
        operation="Create server",
        server_id="",
        server_name="new-box",
        parameters={
            "password": "********",
            "selectedSSHKeyValue": "ssh-ed25519 " + "A" * 80,
        },
        command_id=None,
        outcome="refused",
        detail="Validation: name taken",
    )
    line = markdown_timeline([create], BY_KEY["all"], profile="p", now=NOW)
    assert "Create server, `new-box`, `password=********, " in line
    assert "A" * 80 not in line and "…" in line
    assert "command" not in line.splitlines()[-1]
    assert line.rstrip().endswith("refused, `Validation: name taken`")


def test_hostile_text_stays_inside_its_code_span():
    """Backticks, newlines and escape codes from the API cannot break out."""
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("line one\nline two") == "`line one line two`"
    assert "\x1b" not in code("\x1b]0;pwned\x07name")
