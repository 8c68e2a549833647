import os
import json
import random
import subprocess
import sys

import pytest

# `python -m <package>` from APP needs APP on sys.path (ordinary start-up, no PYTHONSAFEPATH).
sys.path.append(APP)
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}


def run(path, *args):
    r = subprocess.run([sys.executable, "-m", "tasklog", "--file", str(path), *args],
                       capture_output=True, env=PROGRAM_ENV, text=True, cwd=APP)
    return r.returncode, r.stdout, r.stderr


def fmt(t):
    return f"#{t['id']} [{'x' if t['done'] else ' '}] P{t['priority']} {t['due'] or '----------'} {t['title']}"


KEYS = {
    "id": lambda t: t["id"],
    "priority": lambda t: t["priority"],
    "due": lambda t: (t["due"] is None, t["due"] or ""),
    "title": lambda t: t["title"].lower(),
}


@pytest.fixture(scope="module")
def taskfile(tmp_path_factory):
    rng = random.Random(5)
    tasks = []
    for i in range(1, 26):
        tasks.append({"id": i, "title": rng.choice(["Alpha", "beta", "Gamma", "delta", "alpha"]) + f" {rng.randint(1, 3)}",
                      "priority": rng.randint(1, 3),
                      "due": rng.choice([None, "2024-05-01", "2024-05-03", "2024-06-10"]),
                      "done": rng.random() < 0.3})
    p = tmp_path_factory.mktemp("d") / "todo.json"
    p.write_text(json.dumps(tasks))
    return p, tasks


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize("pending", [False, True])
@pytest.mark.parametrize("limit", [None, 0, 3, 100])
def test_reverse_matrix(taskfile, key, pending, limit):
    path, tasks = taskfile
    sel = [t for t in tasks if not (pending and t["done"])]
    exp = sorted(sel, key=KEYS[key])
    base_args = ["list", "--sort", key] + (["--pending"] if pending else [])
    lim = [] if limit is None else ["--limit", str(limit)]
    rc, out, _ = run(path, *base_args, *lim)
    assert rc == 0
    e = exp if limit is None else exp[:limit]
    assert out.splitlines() == [fmt(t) for t in e]  # hz:obs
    rev = list(reversed(exp))
    e = rev if limit is None else rev[:limit]
    for args in (base_args + ["--reverse"] + lim, ["list", "--reverse"] + base_args[1:] + lim,
                 base_args + lim + ["--reverse"]):
        rc, out, err = run(path, *args)
        assert rc == 0, err
        assert out.splitlines() == [fmt(t) for t in e]  # hz:obs


def test_reverse_default_sort(taskfile):
    path, tasks = taskfile
    rc, out, _ = run(path, "list", "--reverse")
    assert out.splitlines() == [fmt(t) for t in sorted(tasks, key=lambda t: -t["id"])]  # hz:obs


def test_reverse_takes_no_value(taskfile):
    path, _ = taskfile
    rc, out, err = run(path, "list", "--reverse", "yes")
    assert rc != 0


def test_help_mentions_reverse(taskfile):
    path, _ = taskfile
    rc, out, _ = run(path, "list", "--help")
    assert "--reverse" in out
