"""Serving over a real socket, and the kamatui-sim command."""

import subprocess
import sys

import httpx

from kamatui.sim import serve_in_thread
from tests.sim.conftest import key_headers


def test_serve_in_thread_answers_on_loopback(sim):
    with serve_in_thread(sim, port=0) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/service")

        response = httpx.get(f"{base_url}/servers", headers=key_headers(sim))
        assert response.status_code == 200
        assert len(response.json()) > 20

    try:
        httpx.get(f"{base_url}/servers", timeout=1)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("the server is still answering after the block ended")


def test_control_route_advances_the_clock(sim, clock):
    before = clock.now()
    with serve_in_thread(sim) as base_url:
        root = base_url.removesuffix("/service")
        response = httpx.post(f"{root}/_sim/clock/advance", json={"seconds": 90})

    assert response.json() == {"now": before + 90}


def _run_cli(*args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "kamatui.sim.cli", *args]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_cli_prints_labelled_lines_and_serves():
    process = _run_cli("--port", "0", "--seed", "7", "--speed", "10")
    try:
        lines = [process.stdout.readline().strip() for _ in range(3)]
        labels = dict(line.split(": ", 1) for line in lines)
        assert set(labels) == {"base URL", "client id", "secret"}

        headers = {"AuthClientId": labels["client id"], "AuthSecret": labels["secret"]}
        response = httpx.get(f"{labels['base URL']}/servers", headers=headers)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_rejects_bad_arguments_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "kamatui.sim.cli", "--speed", "fast"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert "--speed" in result.stderr and "not a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_rejects_unknown_fault_mode():
    result = subprocess.run(
        [sys.executable, "-m", "kamatui.sim.cli", "--fault", "*=explode"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert "server_error" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_fault_flags_parse_into_rules():
    from kamatui.sim.cli import _parser

    args = _parser().parse_args(
        ["--fault", "PUT /service/server/*/power=drop:0.25", "--fault", "*=hang"]
    )

    assert args.fault == [
        ("PUT /service/server/*/power", "drop", 0.25),
        ("*", "hang", 1.0),
    ]
