"""Grade /app/deploy as the agent sees it: walked as the agent by an isolated Python
(obsgrade.agent_tree: lstat, link targets, sha256), compared here with the expected layout."""
import hashlib
import os
import posixpath

import horizon_grading as hg
import horizon_obsgrade as obsgrade

D = "/app/deploy"

EXPECTED_FILES = {
    "shared/config.yml": 0o644,
    "shared/secrets/db.key": 0o600,
    "shared/secrets/api.token": 0o600,
    "releases/v1/bin/start": 0o755,
    "releases/v1/bin/stop": 0o755,
    "releases/v2/bin/start": 0o755,
    "releases/v3/bin/start": 0o755,
    "releases/v3/bin/migrate": 0o755,
    "releases/v1/app.py": 0o644,
    "releases/v2/app.py": 0o644,
    "releases/v3/app.py": 0o644,
    "releases/v1/static/css/site.css": 0o644,
    "releases/v1/README": 0o644,
    "releases/v3/lib/util.py": 0o644,
}
EXPECTED_DIRS = {
    ".": 0o755, "releases": 0o755, "releases/v1": 0o755, "releases/v2": 0o755,
    "releases/v3": 0o755, "releases/v1/bin": 0o755, "releases/v2/bin": 0o755,
    "releases/v3/bin": 0o755, "releases/v1/static": 0o755, "releases/v1/static/css": 0o755,
    "releases/v3/lib": 0o755, "releases/v3/logs": 0o755, "shared": 0o755,
    "shared/secrets": 0o700,
}
EXPECTED_LINKS = {
    "current": "releases/v3",
    "releases/v3/static": "../v1/static",
    "releases/v2/bin/run": "../bin/start",
}
CONTENT = {
    "shared/config.yml": b"db_host: db.internal\npool: 8\n",
    "shared/secrets/db.key": b"s3cr3t-db-key\n",
    "releases/v1/bin/stop": b"#!/bin/sh\necho stopping\n",
    "releases/v3/lib/util.py": b"def util(): pass\n",
}

TREE = obsgrade.agent_tree(D)


def walk():
    assert TREE is not None and "error" not in TREE and TREE["."]["type"] == "dir", "no /app/deploy"
    files, dirs, links = {}, {}, {}
    for rel, e in TREE.items():
        if e["type"] == "dir":
            dirs[rel] = e["mode"]
        elif e["type"] == "link":
            links[rel] = e["target"]
        elif e["type"] == "file":
            files[rel] = e["mode"]
    return files, dirs, links


def resolve(rel, hops=0):
    """Where rel leads inside the tree (as os.path.realpath would), or None if it leaves it."""
    assert hops < 40, "link loop"
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    cur = []
    for i, part in enumerate(parts):
        if part == "..":
            if not cur:
                return None
            cur.pop()
            continue
        cur.append(part)
        here = "/".join(cur)
        e = TREE.get(here)
        if e is not None and e["type"] == "link":
            target = e["target"]
            if target.startswith("/"):
                return None
            base = "/".join(cur[:-1])
            rest = "/".join(parts[i + 1:])
            joined = posixpath.join(base, target, rest) if rest else posixpath.join(base, target)
            return resolve(joined, hops + 1)
    return "/".join(cur)


def test_tree():
    files, dirs, links = walk()
    assert dirs == EXPECTED_DIRS
    assert files == EXPECTED_FILES
    config_links = {k: v for k, v in links.items() if k.endswith("/config.yml")}
    other = {k: v for k, v in links.items() if not k.endswith("/config.yml")}
    assert other == EXPECTED_LINKS
    assert sorted(config_links) == ["releases/v1/config.yml", "releases/v2/config.yml", "releases/v3/config.yml"]
    for k, v in config_links.items():
        assert not v.startswith("/"), k
        assert resolve(k) == "shared/config.yml", k


def test_contents():
    walk()
    for rel, data in CONTENT.items():
        e = TREE.get(rel, {})
        assert e.get("type") == "file" and e.get("sha256") == hashlib.sha256(data).hexdigest(), rel


CHECKS = [("test_tree", test_tree), ("test_contents", test_contents)]


def main():
    results = {}
    for name, check in CHECKS:
        try:
            check()
            results[name] = True
        except Exception as err:  # a missing, garbled or wrong answer: that check fails
            print(f"{name}: {type(err).__name__}: {str(err)[:300]}")
            results[name] = False
    ok = all(results.values())
    print(f"reward {int(ok)}: {results}")
    hg.write_reward(1 if ok else 0, details={"checks": results})


main()
