"""Config loading, saving and the messages a broken file gives."""

from __future__ import annotations

import stat

import pytest

from kamatui.config import (
    Config,
    ConfigError,
    Profile,
    load_config,
    readable_by_others,
    save_config,
)
from kamatui.paths import resolve_paths

BROKEN = {
    "not TOML": ("profiles = [", "not valid TOML"),
    "unknown top key": ("refresh_secs = 5", "did you mean 'refresh_seconds'?"),
    "unknown profile key": (
        "[profiles.a]\nclient_ids = 'x'",
        "unknown key profiles.a.client_ids",
    ),
    "wrong type": (
        "[profiles.a]\nclient_id = 5",
        "profiles.a.client_id must be a string",
    ),
    "bad auth": ("[profiles.a]\nauth = 'oauth'", "use one of: headers, token"),
    "refresh too fast": ("refresh_seconds = 0.5", "it must be from 2 to 3600"),
    "refresh not a number": ("refresh_seconds = nan", "it must be from 2 to 3600"),
    "refresh endless": ("refresh_seconds = inf", "it must be from 2 to 3600"),
    "refresh huge": ("refresh_seconds = 1e308", "it must be from 2 to 3600"),
    "nested too deeply": (
        "refresh_seconds = " + "[" * 1000 + "]" * 1000,
        "nests arrays or tables too deeply",
    ),
    "default names nothing": (
        "default_profile = 'prod'\n[profiles.prd]",
        "did you mean 'prd'?",
    ),
    "cloudcli url": (
        "[profiles.a]\napi_url = 'https://cloudcli.cloudwm.com/service'",
        "cloudcli proxy",
    ),
    "profiles not a table": ("profiles = 3", "profiles must be a table"),
    "production not a bool": (
        "[profiles.a]\nproduction = 'yes'",
        "profiles.a.production must be true or false",
    ),
    "accent not a colour": (
        "[profiles.a]\naccent = 'redd'",
        "profiles.a.accent is 'redd', which is not a colour",
    ),
    "write window zero": (
        "[profiles.a]\nwrite_window_minutes = 0",
        "it must be more than 0 and at most 1440",
    ),
    "ssh placeholder": ("ssh_command = 'ssh {host}'", "unknown placeholder {host}"),
    "ssh quoting": ("ssh_command = 'ssh \"root@{ip}'", "ssh_command cannot be read"),
    "keys not a table": ("keys = 'q'", "keys must be a table"),
    "key not a string": (
        "[keys]\n'app.quit' = 1",
        "keys.app.quit is 1, which is not a key",
    ),
    "unknown theme": ("theme = 'neon'", "use one of: auto, default, terminal"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_config_names_file_key_and_fix(tmp_path, case):
    """Each broken file gives one specific message that names the file."""
    text, expected = BROKEN[case]
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_missing_file_is_not_an_error(tmp_path):
    """No file yet means first run, not a failure."""
    assert load_config(tmp_path / "none.toml") is None


def test_save_then_load_round_trips_with_mode_0600(tmp_path):
    """The file holds secrets: only its owner may read it."""
    path = tmp_path / "sub" / "config.toml"
    config = Config(
        profiles={"work": Profile(name="work", client_id="id1", secret="sec1")},
        default_profile="work",
    )
    save_config(config, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not readable_by_others(path)
    loaded = load_config(path)
    assert loaded.profile(None).secret == "sec1"


def test_every_setting_survives_a_save(tmp_path):
    """Saving (say, after adding a profile) keeps what the user had set."""
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "terminal"\n'
        'ssh_command = "ssh -p 2222 admin@{ip}"\n'
        "[keys]\n"
        '"server.power_off" = "ctrl+o"\n'
        "[profiles.prod]\n"
        "production = true\n"
        'accent = "magenta"\n'
        "write_window_minutes = 5\n"
        "[profiles.lab]\n"
        "read_only = false\n"
    )
    before = load_config(path)

    save_config(before.with_profile(Profile("new")), path)
    after = load_config(path)

    assert after.profiles["prod"] == before.profiles["prod"]
    assert after.profiles["lab"] == before.profiles["lab"]
    assert (after.theme, after.ssh_command, after.keys) == (
        "terminal",
        "ssh -p 2222 admin@{ip}",
        {"server.power_off": "ctrl+o"},
    )
    assert "new" in after.profiles


def test_production_profiles_start_read_only_unless_told_otherwise():
    assert Profile("p", production=True).starts_read_only
    assert not Profile("p", production=True, read_only=False).starts_read_only
    assert Profile("p", read_only=True).starts_read_only
    assert not Profile("p").starts_read_only


def test_readable_config_is_noticed(tmp_path):
    """A config others can read is reported so the app can warn."""
    path = tmp_path / "config.toml"
    path.write_text("")
    path.chmod(0o644)
    assert readable_by_others(path)


def test_credentials_fall_back_to_the_environment():
    """A profile without a key takes the Terraform provider's variables."""
    env = {"KAMATERA_API_CLIENT_ID": "env-id", "KAMATERA_API_SECRET": "env-secret"}
    creds = Profile(name="p").credentials(env)
    assert (creds.client_id, creds.secret) == ("env-id", "env-secret")


def test_missing_credentials_say_how_to_fix():
    """No key anywhere: the message names both ways to give one."""
    with pytest.raises(ConfigError, match="KAMATERA_API_CLIENT_ID"):
        Profile(name="p").credentials({})


def test_unknown_profile_lists_the_known_ones():
    """Asking for a missing profile names the ones there are."""
    config = Config(profiles={"work": Profile("work"), "home": Profile("home")})
    with pytest.raises(ConfigError, match="profiles: home, work"):
        config.profile("wrok")


def test_profile_repr_hides_the_secret():
    """A profile in a log or traceback never shows its secret."""
    assert "topsecret" not in repr(Profile("p", secret="topsecret"))


def test_kamatui_home_holds_everything(tmp_path):
    """KAMATUI_HOME puts config, cache, state and logs under one folder."""
    paths = resolve_paths({"KAMATUI_HOME": str(tmp_path)})
    for path in (paths.config_file, paths.cache_dir, paths.state_dir, paths.log_dir):
        assert tmp_path in path.parents


def test_kamatui_config_names_another_file(tmp_path):
    """KAMATUI_CONFIG overrides only the config file's place."""
    other = tmp_path / "other.toml"
    paths = resolve_paths({"KAMATUI_HOME": str(tmp_path), "KAMATUI_CONFIG": str(other)})
    assert paths.config_file == other


def test_escape_sequences_in_key_names_are_not_printed_raw(tmp_path):
    """A hostile key name cannot write escape sequences to the terminal."""
    path = tmp_path / "config.toml"
    path.write_text('"\\u001b]0;pwned\\u0007" = 1\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b]0;pwned" in message


@pytest.mark.parametrize("kind", ["directory", "fifo", "dangling link", "huge"])
def test_files_that_are_not_config_files(tmp_path, kind):
    """Directories, pipes, broken links and huge files: one clear line each."""
    import os

    path = tmp_path / "config.toml"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "missing.toml")
    else:
        path.write_text("# x\n" * 400_000)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_the_example_config_loads_and_mentions_every_setting():
    """config.example.toml is the settings' documentation: it must stay true."""
    from pathlib import Path

    from kamatui.config import PROFILE_KEYS, TOP_KEYS

    example = Path(__file__).resolve().parent.parent / "config.example.toml"
    text = example.read_text()

    assert load_config(example).profiles
    for key in TOP_KEYS | PROFILE_KEYS:
        assert f"\n{key} = " in text or f"\n# {key} = " in text or f"[{key}" in text


def test_adding_a_profile_keeps_the_file_as_the_user_wrote_it(tmp_path):
    """Comments and order stay; the new table is appended; mode is 0600."""
    from kamatui.config import add_profile

    path = tmp_path / "config.toml"
    original = '# my notes\ndefault_profile = "work"\n[profiles.work]\nsecret = "s1"\n'
    path.write_text(original)
    path.chmod(0o644)

    config = add_profile(path, Profile("lab", client_id="id2", secret="s2"))

    text = path.read_text()
    assert text.startswith(original)
    assert set(config.profiles) == {"work", "lab"}
    assert load_config(path).profiles["lab"].secret == "s2"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_adding_to_no_file_makes_the_profile_the_default(tmp_path):
    from kamatui.config import add_profile

    path = tmp_path / "new" / "config.toml"
    add_profile(path, Profile("first", client_id="i", secret="s"))
    assert load_config(path).default_profile == "first"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[profiles.lab]\n", "a profile named 'lab' exists"),
        ("profiles = { work = {} }\n", "a profile cannot be appended"),
    ],
)
def test_a_profile_that_cannot_be_added_leaves_the_file_alone(tmp_path, text, expected):
    from kamatui.config import add_profile

    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=expected):
        add_profile(path, Profile("lab"))
    assert path.read_text() == text


def test_a_byte_order_mark_some_editors_write_is_accepted(tmp_path):
    """A UTF-8 file saved with a BOM reads like one without."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[profiles.a]\nclient_id = "i"\n')
    assert load_config(path).profile(None).client_id == "i"
