"""Where kamatui keeps its files.

``KAMATUI_HOME`` puts config, cache, state and logs in one directory, which is
how tests keep away from the user's own files; ``KAMATUI_CONFIG`` names a
different config file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kamatui"
CONFIG_FILE_NAME = "config.toml"
LOG_FILE_NAME = "kamatui.log"


@dataclass(frozen=True, slots=True)
class Paths:
    config_file: Path
    cache_dir: Path
    state_dir: Path
    log_dir: Path

    @property
    def log_file(self) -> Path:
        return self.log_dir / LOG_FILE_NAME


def resolve_paths(environ: os._Environ | dict | None = None) -> Paths:
    env = os.environ if environ is None else environ
    home = env.get("KAMATUI_HOME")
    if home:
        root = Path(home).expanduser()
        paths = Paths(
            config_file=root / CONFIG_FILE_NAME,
            cache_dir=root / "cache",
            state_dir=root / "state",
            log_dir=root / "logs",
        )
    else:
        paths = Paths(
            config_file=Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE_NAME,
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME)),
            state_dir=Path(platformdirs.user_state_dir(APP_NAME)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
        )

    override = env.get("KAMATUI_CONFIG")
    if override:
        paths = Paths(
            config_file=Path(override).expanduser(),
            cache_dir=paths.cache_dir,
            state_dir=paths.state_dir,
            log_dir=paths.log_dir,
        )
    return paths
