"""``kamatui-sim``: serve a simulated Kamatera account on a local port."""

import argparse
import contextlib
import math
import socket
import sys

from kamatui.sim.clock import SimClock
from kamatui.sim.errors import BadField
from kamatui.sim.faults import MODES, check_rule
from kamatui.sim.serve import make_server
from kamatui.sim.simulator import Simulator


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)

    sim = Simulator(seed=args.seed, servers=args.servers, clock=SimClock(args.speed))
    for pattern, mode, probability in args.fault:
        sim.faults.set(pattern, mode, probability=probability)

    try:
        listener = socket.create_server((args.host, args.port))
    except OSError as problem:
        parser.error(f"cannot listen on {args.host}:{args.port}: {problem.strerror}")

    port = listener.getsockname()[1]
    print(f"base URL: http://{args.host}:{port}/service")
    print(f"client id: {sim.client_id}")
    print(f"secret: {sim.secret}", flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        make_server(sim, args.host, port).run(sockets=[listener])

    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamatui-sim",
        description="Serve a simulated Kamatera cloud account over HTTP.",
        epilog="Fault modes: " + ", ".join(MODES),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--port", type=_port, default=8765, help="0 picks a free port")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (keep it local)"
    )
    parser.add_argument("--seed", type=int, default=0, help="same seed, same account")
    parser.add_argument(
        "--servers",
        type=_count,
        default=None,
        help="generate this many servers instead of the demo account",
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="run commands this many times faster (tokens still last an hour)",
    )
    parser.add_argument(
        "--fault",
        type=_fault,
        action="append",
        default=[],
        metavar="PATTERN=MODE[:PROBABILITY]",
        help="inject a fault, e.g. '/service/servers=server_error:0.2'",
    )
    return parser


def _port(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, not {value}")

    return value


def _count(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("server count cannot be negative")

    return value


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None

    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(
            f"speed must be a finite number greater than 0, not {text!r}"
        )

    return value


def _fault(text: str) -> tuple[str, str, float]:
    """PATTERN=MODE[:PROBABILITY], checked as ``POST /_sim/faults`` checks it."""
    pattern, equals, rest = text.rpartition("=")
    if not equals:
        raise argparse.ArgumentTypeError(
            f"expected PATTERN=MODE[:PROBABILITY], e.g. "
            f"'/service/servers=server_error:0.2'; not {text!r}"
        )

    mode, colon, given = rest.partition(":")
    try:
        probability = float(given) if colon else 1.0
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"probability must be a number from 0 to 1, not {given!r}"
        ) from None

    try:
        check_rule(pattern, mode, probability)
    except BadField as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None
    return pattern, mode, probability


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
