"""Run a broker and N workers together, restarting workers that die.

    python3 -m jobq.supervisor --port 7411 --data /var/lib/jobq --workers 4 [--queues default]

Stops everything on SIGTERM/SIGINT. Meant for development and small deployments.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time


def wait_for_port(host, port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m jobq.supervisor")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7411)
    parser.add_argument("--data", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queues", default="default")
    parser.add_argument("--lease-ms", type=int, default=30000)
    parser.add_argument("--effects", default=None)
    args = parser.parse_args(argv)

    python = sys.executable
    broker = subprocess.Popen([python, "-m", "jobq.broker", "--host", args.host,
                               "--port", str(args.port), "--data", args.data,
                               "--lease-ms", str(args.lease_ms)])
    if not wait_for_port(args.host, args.port):
        broker.kill()
        print("supervisor: broker did not start", file=sys.stderr)
        return 1

    def spawn(n):
        cmd = [python, "-m", "jobq.worker", "--broker", f"{args.host}:{args.port}",
               "--id", f"w{n}", "--queues", args.queues, "--lease-ms", str(args.lease_ms)]
        if args.effects:
            cmd += ["--effects", args.effects]
        return subprocess.Popen(cmd)

    workers = {n: spawn(n) for n in range(1, args.workers + 1)}
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    while not stopping:
        time.sleep(0.2)
        if broker.poll() is not None:
            print(f"supervisor: broker exited with {broker.returncode}", file=sys.stderr)
            break
        for n, proc in list(workers.items()):
            if proc.poll() is not None:
                print(f"supervisor: worker w{n} exited with {proc.returncode}; restarting",
                      file=sys.stderr)
                workers[n] = spawn(n)
    for proc in [*workers.values(), broker]:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in [*workers.values(), broker]:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
