"""Command-line client: ``python3 -m jobq <command> ...``.

    python3 -m jobq submit --queue q --priority 2 '{"kind": "sum", "values": [1, 2]}'
    python3 -m jobq status j17
    python3 -m jobq wait j17
    python3 -m jobq cancel j17
    python3 -m jobq stats
"""

import argparse
import json
import sys

from . import protocol
from .client import Client


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m jobq")
    parser.add_argument("--broker", default="127.0.0.1:7411")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("submit")
    p.add_argument("payload", help="the job's payload, as JSON")
    p.add_argument("--queue", default="default")
    p.add_argument("--priority", type=int, default=0)
    p.add_argument("--max-attempts", type=int, default=3)
    p.add_argument("--key", default=None, help="idempotency key")
    for name in ("status", "wait", "cancel"):
        sub.add_parser(name).add_argument("id")
    sub.add_parser("stats")
    args = parser.parse_args(argv)

    client = Client(args.broker)
    try:
        if args.command == "submit":
            out = {"id": client.submit(json.loads(args.payload), args.queue, args.priority,
                                       args.max_attempts, args.key)}
        elif args.command == "status":
            out = client.status(args.id)
        elif args.command == "wait":
            out = client.wait_for(args.id, timeout=3600)
        elif args.command == "cancel":
            out = client.cancel(args.id)
        else:
            out = client.stats()
    except protocol.RemoteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot reach the broker at {args.broker}: {exc}", file=sys.stderr)
        return 2
    finally:
        client.close()
    print(json.dumps(out, indent=2, sort_keys=True))
    return 0
