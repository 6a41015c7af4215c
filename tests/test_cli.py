"""The command line: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kamatui import __version__
from kamatui.cli import main


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kamatui.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_version_prints_and_exits_zero(capsys):
    """--version answers without starting the UI."""
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_argument_is_a_usage_error(capsys):
    """argparse reports the bad flag with exit status 2."""
    with pytest.raises(SystemExit) as caught:
        main(["--frobnicate"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_secret_is_not_accepted_as_an_argument(capsys):
    """Credentials on the command line would land in shell history."""
    with pytest.raises(SystemExit):
        main(["--secret", "x"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_broken_config_exits_non_zero_with_the_file_named(isolated_home, capsys):
    """A broken file stops the app with one line naming it."""
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("[profiles.a]\nauth = 7")
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "config.toml" in err and "Traceback" not in err


def test_api_url_without_credentials_says_where_they_come_from(capsys):
    """--api-url with no key names the environment variables."""
    assert main(["--api-url", "http://127.0.0.1:1/service"]) == 1
    assert "KAMATERA_API_SECRET" in capsys.readouterr().err


def test_cloudcli_url_is_refused(capsys, monkeypatch):
    """Pointing at the proxy is explained, not attempted."""
    monkeypatch.setenv("KAMATERA_API_CLIENT_ID", "a")
    monkeypatch.setenv("KAMATERA_API_SECRET", "b")
    assert main(["--api-url", "https://cloudcli.cloudwm.com/service"]) == 1
    assert "cloudcli proxy" in capsys.readouterr().err


def test_unknown_profile_is_a_clear_error(isolated_home, capsys):
    """--profile that does not exist lists the ones that do."""
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("[profiles.work]\nclient_id='a'")
    assert main(["--profile", "home"]) == 1
    assert "profiles: work" in capsys.readouterr().err


def test_demo_cannot_be_mixed_with_a_profile(capsys):
    """--demo runs no real account, so --profile makes no sense with it."""
    assert main(["--demo", "--profile", "x"]) == 1
    assert "--demo cannot be combined" in capsys.readouterr().err


def test_help_runs_in_a_fresh_process():
    """`kamatui --help` works as a real process and mentions --demo."""
    result = run_cli("--help")
    assert result.returncode == 0 and "--demo" in result.stdout
