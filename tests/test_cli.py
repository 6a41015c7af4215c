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


def usage_error(capsys, *args) -> str:
    """The one error line argparse printed, after checking it exits with 2."""
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--secret=abc"], "unrecognized arguments: --secret=…"),
        (["--secret=abc", "--key=def"], "unrecognized arguments: --secret=… --key=…"),
        (["-s=abc"], "unrecognized arguments: -s=…"),
        (["-sabc"], "unrecognized arguments: -s…"),
        (["--secret", "abc"], "unrecognized arguments: --secret;"),
        (["info", "--secret", "abc"], "unrecognized arguments: --secret …;"),
        (["--secret", "abc", "def"], "unrecognized arguments: --secret …;"),
        (["--", "--secret=abc"], "unknown command '--secret=…'"),
    ],
)
def test_unknown_arguments_are_reported_without_their_values(capsys, args, shown):
    """A secret typed as an argument is never printed back to the terminal."""
    line = usage_error(capsys, *args)
    assert shown in line
    assert "abc" not in line and "def" not in line


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--demo=abc"], "argument --demo: takes no value"),
        (["-habc"], "argument -h/--help: takes no value"),
        (["--de=abc"], "ambiguous option: --de=… could match --demo, --debug"),
    ],
)
def test_values_given_to_known_flags_are_not_echoed_either(capsys, args, shown):
    """argparse quotes an ignored value, or a whole ambiguous argument."""
    line = usage_error(capsys, *args)
    assert shown in line and "abc" not in line


def test_a_stray_word_without_an_unknown_flag_is_still_named(capsys):
    """Only values are hidden: a mistyped command or extra word is shown."""
    assert "unknown command 'ifno'" in usage_error(capsys, "ifno")
    assert "unrecognized arguments: extra;" in usage_error(capsys, "info", "extra")


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


def write_config(home, text):
    """A config file as kamatui writes one: readable by its owner only."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text)
    (home / "config.toml").chmod(0o600)


async def test_api_url_uses_the_environment_key_not_the_default_profile(
    isolated_home, monkeypatch
):
    """The default profile's secret never goes to a URL from the command line."""
    from kamatui.cli import build_parser, prepare
    from kamatui.paths import resolve_paths
    from kamatui.sim import Simulator, serve_in_thread

    write_config(
        isolated_home,
        'default_profile = "prod"\n'
        '[profiles.prod]\nclient_id = "prod-id"\nsecret = "PROD-SECRET"\n',
    )
    sim = Simulator(seed=1)
    monkeypatch.setenv("KAMATERA_API_CLIENT_ID", sim.client_id)
    monkeypatch.setenv("KAMATERA_API_SECRET", sim.secret)
    with serve_in_thread(sim) as url:
        args = build_parser().parse_args(["--api-url", url])
        _config, session, _ = prepare(args, resolve_paths())
        async with session.client:
            assert await session.client.check_credentials() > 0
    assert all(e.headers.get("authsecret") == sim.secret for e in sim.request_log)
    assert session.profile_name.startswith("127.0.0.1:")


def test_api_url_without_an_environment_key_is_refused(isolated_home, capsys):
    """Without env credentials and --profile, nothing is sent anywhere."""
    write_config(
        isolated_home,
        'default_profile = "prod"\n[profiles.prod]\nclient_id = "a"\nsecret = "b"\n',
    )
    assert main(["--api-url", "http://127.0.0.1:1/service"]) == 1
    err = capsys.readouterr().err
    assert "--api-url needs an API key" in err and "config.toml" not in err


def test_empty_api_url_is_an_error_not_ignored(capsys):
    """--api-url '' is a mistake worth saying, not the first-run screen."""
    assert main(["--api-url", ""]) == 1
    assert "not an http" in capsys.readouterr().err


def test_help_names_the_config_and_log_files(isolated_home):
    """--help tells where the config file and the log file are."""
    result = run_cli("--help")
    assert f"config file: {isolated_home / 'config.toml'}" in result.stdout
    assert "log file:" in result.stdout


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["info", "extra"], "unrecognized arguments: extra"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["--profile"], "expected one argument"),
        (["--api-url", "ftp://example.com/service"], "ftp"),
        (["--api-url", "https://user:pw@example.com/service"], "password"),
        (["--api-url", "http://example.com/service"], "http"),
        (["--demo", "--api-url", "http://127.0.0.1:1/service"], "--demo cannot"),
        (["--profile", "no\x1b]0;owned\x07such"], "no\\x1b]0;owned\\x07such"),
        (["--profile", "x" * 5000], "xxx…"),
    ],
)
def test_arguments_that_make_no_sense_get_one_clear_line(
    isolated_home, capsys, argv, says
):
    """Every odd command line ends with a message and a non-zero status:
    no traceback, no raw control character echoed to the terminal."""
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('[profiles.a]\nclient_id = "i"\n')
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    err = capsys.readouterr().err
    assert status not in (0, None)
    assert says in err
    assert "Traceback" not in err
    assert "\x1b" not in err and "\x07" not in err
    assert len(err) < 1000


def test_a_config_file_others_can_read_is_warned_about(isolated_home):
    """A 0644 config holding a secret still opens, with a warning to chmod."""
    from kamatui.cli import build_parser, prepare
    from kamatui.paths import resolve_paths

    isolated_home.mkdir(parents=True)
    config = isolated_home / "config.toml"
    config.write_text('[profiles.a]\nclient_id = "i"\nsecret = "s"\n')
    config.chmod(0o644)
    paths = resolve_paths()
    _, session, warnings = prepare(build_parser(paths).parse_args([]), paths)
    assert session is not None
    assert warnings == [f"{config} can be read by other users; run: chmod 600 {config}"]

    config.chmod(0o600)
    assert prepare(build_parser(paths).parse_args([]), paths)[2] == []


def test_with_no_config_the_environment_key_opens_kamatera(isolated_home, monkeypatch):
    """As the README says: export the key and run kamatui, no form first."""
    from kamatui.api import DEFAULT_API_URL
    from kamatui.cli import build_parser, prepare
    from kamatui.paths import resolve_paths

    monkeypatch.setenv("KAMATERA_API_CLIENT_ID", "env-id")
    monkeypatch.setenv("KAMATERA_API_SECRET", "env-secret")
    paths = resolve_paths()
    _, session, _ = prepare(build_parser(paths).parse_args([]), paths)
    assert session is not None and session.profile_name == "environment"
    assert session.profile.api_url == DEFAULT_API_URL

    monkeypatch.delenv("KAMATERA_API_SECRET")
    assert prepare(build_parser(paths).parse_args([]), paths)[1] is None


def test_the_tls_context_built_ahead_verifies_and_reaches_the_session(
    isolated_home, monkeypatch
):
    """The context built on a thread checks certificates and host names, and
    is the one the profile's session gets."""
    import ssl

    from kamatui import cli
    from kamatui.api.tls import start_tls_context
    from kamatui.paths import resolve_paths

    future = start_tls_context()
    context = future.result(timeout=30)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname

    given = []
    real = cli.profile_session
    monkeypatch.setattr(
        cli,
        "profile_session",
        lambda *args, **kwargs: given.append(kwargs["tls"]) or real(*args, **kwargs),
    )
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(
        '[profiles.a]\nclient_id = "i"\nsecret = "s"\n'
    )
    (isolated_home / "config.toml").chmod(0o600)
    paths = resolve_paths()
    cli.prepare(cli.build_parser(paths).parse_args([]), paths, future)
    assert given == [context]


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_profile_name_is_a_usage_error(capsys, name):
    """--profile '' used to open the default profile as if it were left out."""
    line = usage_error(capsys, "--profile", name)
    assert "--profile was given no name" in line
