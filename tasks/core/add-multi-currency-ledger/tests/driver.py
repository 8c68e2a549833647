"""Scenario driver: run as the agent against /app (or as root against the reference).

Reads one JSON document on stdin: {"databases": [{"name", "sql", "steps": [...]}], "today"}.
For each database it loads the SQL dump into a fresh SQLite file, then runs the steps through
the public interfaces (the ``python3 -m ledgerly`` command line, the HTTP API of
``ledgerly serve``, and read-only SQL) and prints one JSON document with what it observed.
It holds no expected values.
"""

import contextlib
import io
import json
import os
import re
import runpy
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CODE_ROOT = sys.argv[1]
sys.path.insert(0, CODE_ROOT)
ERROR_RE = re.compile(r"^error\[([A-Za-z0-9_.-]+)\]")


def env(today):
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": tempfile.gettempdir(),
            "LANG": "C.UTF-8", "PYTHONPATH": CODE_ROOT, "LEDGERLY_TODAY": today,
            "PYTHONDONTWRITEBYTECODE": "1"}


def strip_messages(body):
    if isinstance(body, dict):
        if set(body) >= {"code", "message"} and isinstance(body.get("message"), str):
            return {"code": body["code"]}
        return {k: strip_messages(v) for k, v in body.items()}
    if isinstance(body, list):
        return [strip_messages(v) for v in body]
    return body


def run_cli(db, args, today, work):
    """``python3 -m ledgerly --db DB ARGS...``, run in this process (runpy) for speed."""
    os.environ["LEDGERLY_TODAY"] = today
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    sys.argv = ["ledgerly", "--db", db, *args]
    code = 0
    try:
        os.chdir(work)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_module("ledgerly", run_name="__main__", alter_sys=False)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException as crash:  # noqa: BLE001 - a crash is an observation
        code = "crash " + type(crash).__name__
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
    text = out.getvalue()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text.strip()
    first = (err.getvalue().strip().splitlines() or [""])[0]
    match = ERROR_RE.match(first)
    obs = {"rc": code, "err": match.group(1) if match else None}
    if code == 0:
        obs["out"] = parsed
    return obs


def normalise_migrate(obs):
    out = obs.get("out")
    if isinstance(out, dict):
        obs["out"] = {"version": out.get("version"),
                      "applied": [a.get("version") for a in out.get("applied", [])
                                  if isinstance(a, dict)]}
    return obs


def normalise_status(obs):
    out = obs.get("out")
    if isinstance(out, dict):
        obs["out"] = {"version": out.get("version"), "latest": out.get("latest"),
                      "pending": len(out.get("pending") or [])}
    return obs


class Server:
    def __init__(self, db, today, work):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ledgerly", "--db", db, "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env(today),
            cwd=work)
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline() if ready else ""
        match = re.search(r"http://([^/:]+):(\d+)/", line)
        self.base = f"http://127.0.0.1:{match.group(2)}" if match else None

    def call(self, method, path, body, token):
        if self.base is None:
            return {"status": "no server"}
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        except OSError as err:
            return {"status": f"failed: {type(err).__name__}"}
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw.decode(errors="replace")[:200]
        return {"status": status, "body": strip_messages(parsed)}

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def run_database(spec, today, folder):
    db = os.path.join(folder, spec["name"] + ".db")
    conn = sqlite3.connect(db)
    conn.executescript(spec["sql"])
    conn.close()
    server = None
    observations = []
    try:
        for step in spec["steps"]:
            kind = step["kind"]
            if kind == "cli":
                obs = run_cli(db, step["args"], today, folder)
                if step.get("normalise") == "migrate":
                    obs = normalise_migrate(obs)
                elif step.get("normalise") == "status":
                    obs = normalise_status(obs)
            elif kind == "sql":
                conn = sqlite3.connect(db)
                try:
                    obs = {"rows": [list(r) for r in conn.execute(step["query"]).fetchall()]}
                except sqlite3.Error as err:
                    obs = {"sql_error": type(err).__name__}
                conn.close()
            elif kind == "serve":
                server = Server(db, today, folder)
                obs = {"up": server.base is not None}
            elif kind == "api":
                obs = (server.call(step["method"], step["path"], step.get("body"),
                                   step.get("token")) if server else {"status": "no server"})
            else:
                obs = {"unknown": kind}
            observations.append(obs)
    finally:
        if server is not None:
            server.stop()
    return observations


def main():
    document = json.load(sys.stdin)
    os.environ.update(env(document["today"]))
    # argparse asks gettext for translations on every parser it builds; with LANG=C that is
    # one check instead of thousands of file lookups per command.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C"
    # SQLite fsyncs every commit; a tmpfs (when there is one) keeps that off the disk.
    where = "/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else os.getcwd()
    folder = tempfile.mkdtemp(prefix="ledgerly-drive-", dir=where)
    result = {}
    for spec in document["databases"]:
        result[spec["name"]] = run_database(spec, document["today"], folder)
    shutil.rmtree(folder, ignore_errors=True)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
