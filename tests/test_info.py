"""`kamatui info`: every path in use and the profile it would open, no secrets."""

from __future__ import annotations

import json

import pytest

from kamatui.cli import main
from kamatui.ledger import Attempt, Ledger, ledger_file
from tests.state_files import HOSTILE, make_fifo, without_waiting
from tests.test_cli import run_cli, write_config

TASK = {
    "command_id": 3,
    "server_id": "EU-1",
    "server_name": "web",
    "action": "Power off",
    "submitted_at": 1000.0,
}

CONFIG = """
default_profile = "prod"

[profiles.prod]
client_id = "prod-id-visible-nowhere"
secret = "PROD-SECRET-NEVER-PRINTED"
production = true
write_window_minutes = 10

[profiles.staging]
"""


def info(capsys, *args) -> tuple[int, str]:
    status = main([*args])
    out = capsys.readouterr()
    assert out.err == ""
    return status, out.out


def field(text: str, label: str) -> str:
    """The value printed after ``label:``."""
    line = next(line for line in text.splitlines() if line.startswith(label + ":"))
    return line.split(":", 1)[1].strip()


def test_info_prints_every_path_and_the_default_profile(isolated_home, capsys):
    """Config, state, cache, log, ledger and task files; prod from default_profile."""
    write_config(isolated_home, CONFIG)
    status, text = info(capsys, "info")
    assert status == 0
    assert field(text, "config file") == str(isolated_home / "config.toml")
    assert field(text, "state dir") == str(isolated_home / "state")
    assert field(text, "cache dir") == str(isolated_home / "cache")
    assert field(text, "log file") == str(isolated_home / "logs" / "kamatui.log")
    ledger = isolated_home / "state" / "ledger.jsonl"
    assert field(text, "ledger file") == f"{ledger} (nothing recorded yet)"
    tasks = isolated_home / "state" / "tasks-prod.json"
    assert field(text, "task files") == f"{tasks} (no unfinished tasks)"
    view = isolated_home / "state" / "view-prod.json"
    assert field(text, "view state") == f"{view} (not created yet)"
    assert field(text, "profile") == "prod (default_profile)"
    assert field(text, "api key") == "in the config file"
    assert field(text, "read-only").startswith("yes (production profile)")
    assert "10 minutes" in field(text, "read-only")
    assert "SECRET" not in text and "prod-id" not in text


@pytest.mark.parametrize(
    "args", [("info", "--profile", "staging"), ("--profile", "staging", "info")]
)
def test_info_takes_profile_before_or_after_the_word(isolated_home, capsys, args):
    """Either order names staging, which is not read-only."""
    write_config(isolated_home, CONFIG)
    status, text = info(capsys, *args)
    assert status == 1, "staging has no key, so kamatui would stop"
    assert field(text, "profile") == "staging (--profile)"
    assert field(text, "read-only") == "no"
    assert field(text, "api key").startswith("missing")


def test_info_says_where_an_environment_key_comes_from(
    isolated_home, capsys, monkeypatch
):
    """The variable names, never their values."""
    write_config(isolated_home, "[profiles.only]\n")
    monkeypatch.setenv("KAMATERA_API_CLIENT_ID", "env-client-id-1234")
    monkeypatch.setenv("KAMATERA_API_SECRET", "ENV-SECRET-5678")
    _, text = info(capsys, "info")
    assert field(text, "profile") == "only (the only profile)"
    assert "KAMATERA_API_SECRET" in field(text, "api key")
    assert "ENV-SECRET-5678" not in text and "env-client-id" not in text


def test_info_without_a_config_says_there_is_no_profile(isolated_home, capsys):
    """No file: no profile, first run; and info itself writes nothing."""
    status, text = info(capsys, "info")
    assert status == 0
    assert field(text, "profile").startswith("none: no profiles yet")
    assert field(text, "config file").endswith("(not created yet)")
    assert field(text, "task files") == "none yet"
    assert not isolated_home.exists()


def test_an_unknown_profile_still_prints_the_paths_and_fails(isolated_home, capsys):
    """Exit 1, the known profiles named, the paths still there to look at."""
    write_config(isolated_home, CONFIG)
    status, text = info(capsys, "info", "--profile", "prdo")
    assert status == 1
    assert "no profile named 'prdo'" in field(text, "profile")
    assert "profiles: prod, staging" in text
    assert field(text, "log file")


def test_a_broken_config_still_prints_the_paths(isolated_home, capsys):
    write_config(isolated_home, "[profiles.a]\nauth = 7")
    status, text = info(capsys, "info")
    assert status == 1
    assert "config.toml" in field(text, "profile")
    assert field(text, "state dir") == str(isolated_home / "state")


def test_info_counts_the_ledger_and_lists_task_files(isolated_home, capsys):
    """Actions recorded and unreadable lines; every profile's task file."""
    write_config(isolated_home, CONFIG)
    state = isolated_home / "state"
    ledger = Ledger(ledger_file(state), "prod")
    ledger.record(Attempt("Power off", "EU-1", "web", {"power": "off"}), command_id=3)
    with ledger_file(state).open("a") as handle:
        handle.write("garbage\n")
    (state / "tasks-prod.json").write_text(json.dumps([TASK, {"command_id": 4}]))
    (state / "tasks-staging.json").write_text("[]")
    _, text = info(capsys, "info")
    assert field(text, "ledger file").endswith("(1 action, 1 unreadable line)")
    task_lines = text.split("task files:")[1].splitlines()[:2]
    assert task_lines[0].strip() == (
        f"{state / 'tasks-prod.json'} (1 unfinished task, 1 unreadable entry)"
    )
    assert (
        task_lines[1].strip() == f"{state / 'tasks-staging.json'} (no unfinished tasks)"
    )


def test_info_names_fifos_without_waiting_on_them(isolated_home, capsys):
    """A FIFO at the ledger, task or view state path: said, never opened."""
    write_config(isolated_home, CONFIG)
    state = isolated_home / "state"
    for name in ("ledger.jsonl", "tasks-prod.json", "view-prod.json"):
        make_fifo(state / name)
    status, text = without_waiting(lambda: info(capsys, "info"), state / name)
    assert status == 0
    assert "(a FIFO, not a regular file: nothing is recorded)" in text
    assert field(text, "task files").endswith("(a FIFO, not a regular file: ignored)")
    assert field(text, "view state").endswith("(a FIFO, not a regular file: ignored)")


def test_info_prints_nothing_raw_from_state_files(isolated_home, capsys):
    """Escapes and newlines in task file names and contents stay escaped, so
    no line can be forged and the terminal is never sent a sequence."""
    write_config(isolated_home, CONFIG)
    state = isolated_home / "state"
    state.mkdir(parents=True)
    hostile = dict(TASK, server_name=HOSTILE, action="Power off\x1b[2J")
    (state / f"tasks-{HOSTILE}.json").write_text(json.dumps([hostile]))
    (state / "tasks-a\nprofile: forged.json").write_text(json.dumps([hostile]))
    ledger = Ledger(ledger_file(state), "prod")
    ledger.record(Attempt("Power off", HOSTILE, HOSTILE, {"power": HOSTILE}))
    _, text = info(capsys, "info")
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("profile: forged") for line in text.splitlines())
    assert "tasks-a\\nprofile: forged.json (1 unfinished task)" in text


def test_info_for_the_demo_names_the_simulator(capsys):
    status, text = info(capsys, "--demo", "info")
    assert status == 0
    assert field(text, "profile") == "demo (the built-in simulator)"
    assert "in memory" in field(text, "ledger file")


def test_help_explains_info():
    """`kamatui --help` and `kamatui info --help` both describe the command."""
    for args in (("--help",), ("info", "--help")):
        result = run_cli(*args)
        assert result.returncode == 0
        described = " ".join(result.stdout.split())
        assert "info print the config, state, cache, log, ledger" in described
        assert "whether it starts read-only" in described


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["inf"])
    assert caught.value.code == 2
    assert "unknown command 'inf'; the only command is info" in capsys.readouterr().err


def test_info_names_the_environment_key_when_no_profile_exists(
    isolated_home, capsys, monkeypatch
):
    """No config file, the key exported: info says kamatui would use it."""
    monkeypatch.setenv("KAMATERA_API_CLIENT_ID", "env-id")
    monkeypatch.setenv("KAMATERA_API_SECRET", "env-secret")
    status, text = info(capsys, "info")
    assert status == 0
    assert field(text, "profile") == (
        "environment (no profiles; the key in the environment)"
    )
    assert field(text, "api key").startswith("from KAMATERA_API_CLIENT_ID")
    assert "env-secret" not in text


def test_a_one_minute_window_reads_in_the_singular(isolated_home, capsys):
    write_config(isolated_home, CONFIG.replace("= 10", "= 1"))
    _, text = info(capsys, "info")
    assert field(text, "read-only").endswith("unlocks changes for 1 minute at a time")


def test_a_config_other_users_can_read_is_pointed_out(isolated_home, capsys):
    write_config(isolated_home, CONFIG)
    path = isolated_home / "config.toml"
    path.chmod(0o644)
    _, text = info(capsys, "info")
    assert field(text, "config file") == (
        f"{path} (other users can read it: run chmod 600 {path})"
    )
    path.chmod(0o600)
    _, text = info(capsys, "info")
    assert field(text, "config file") == str(path)
