import os, stat

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


def walk():
    files, dirs, links = {}, {}, {}
    for root, dnames, fnames in os.walk(D):
        rel_root = os.path.relpath(root, D)
        st = os.lstat(root)
        dirs[rel_root] = stat.S_IMODE(st.st_mode)
        for n in dnames + fnames:
            p = os.path.join(root, n)
            rel = os.path.normpath(os.path.join(rel_root, n))
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                links[rel] = os.readlink(p)
            elif stat.S_ISREG(st.st_mode):
                files[rel] = stat.S_IMODE(st.st_mode)
    return files, dirs, links


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
        assert os.path.realpath(os.path.join(D, k)) == os.path.join(D, "shared/config.yml")


def test_contents():
    for rel, data in CONTENT.items():
        with open(os.path.join(D, rel), "rb") as f:
            assert f.read() == data
