"""A folder of broken config files, each with the exact words the user sees.

``tests/config_cases/NAME.toml`` is the file, ``NAME.txt`` what kamatui
prints (``{config}`` stands for the file's path), ``NAME.args`` the command
line when it matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kamatui.cli import main

CASES = Path(__file__).parent / "config_cases"


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.toml")))
def test_broken_config_gives_its_exact_message(name, monkeypatch, capsys):
    config = CASES / f"{name}.toml"
    args_file = CASES / f"{name}.args"
    args = args_file.read_text().split() if args_file.exists() else []
    monkeypatch.setenv("KAMATUI_CONFIG", str(config))

    assert main(args) == 1

    expected = (CASES / f"{name}.txt").read_text().replace("{config}", str(config))
    assert capsys.readouterr().err == expected
