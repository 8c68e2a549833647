import gzip, os, stat, subprocess
import pytest

SCRIPT = APP + "/rotate.sh"  # APP: set by the grader's driver prelude


def run(d, keep, *extra):
    args = [SCRIPT] + ([str(d)] if d is not None else []) + ([str(keep)] if keep is not None else []) + list(extra)
    return subprocess.run(args, capture_output=True, timeout=30)


def write(p, data, mode="wb"):
    with open(p, mode) as f:
        f.write(data)


def gz(p):
    with gzip.open(p, "rb") as f:
        return f.read()


def snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            p = os.path.join(root, n)
            st = os.lstat(p)
            rel = os.path.relpath(p, d)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir",)
            elif not stat.S_ISREG(st.st_mode):
                out[rel] = ("special", st.st_ino, stat.S_IMODE(st.st_mode))
            else:
                with open(p, "rb") as f:
                    out[rel] = ("file", f.read(), st.st_ino, stat.S_IMODE(st.st_mode))
    return out


def test_script_exists():
    assert os.path.isfile(SCRIPT) and os.access(SCRIPT, os.X_OK)


def test_basic_rotation_keeps_inode_and_mode(tmp_path):
    p = tmp_path / "app.log"
    write(p, b"hello\nworld\n")
    os.chmod(p, 0o640)
    ino = os.stat(p).st_ino
    r = run(tmp_path, 3)
    assert r.returncode == 0, r.stderr
    st = os.stat(p)
    assert st.st_ino == ino and st.st_size == 0 and stat.S_IMODE(st.st_mode) == 0o640
    assert gz(tmp_path / "app.log.1.gz") == b"hello\nworld\n"
    assert sorted(os.listdir(tmp_path)) == ["app.log", "app.log.1.gz"]


def test_open_writer_keeps_writing(tmp_path):
    p = tmp_path / "svc.log"
    f = open(p, "ab", buffering=0)
    f.write(b"before\n")
    assert run(tmp_path, 2).returncode == 0
    f.write(b"after\n")
    f.close()
    assert open(p, "rb").read() == b"after\n"
    assert gz(tmp_path / "svc.log.1.gz") == b"before\n"


def test_repeated_rotation_shifts_and_caps(tmp_path):
    p = tmp_path / "app.log"
    for i in range(1, 6):
        write(p, f"gen {i}\n".encode(), "ab")
        assert run(tmp_path, 3).returncode == 0
    names = sorted(os.listdir(tmp_path))
    assert names == ["app.log", "app.log.1.gz", "app.log.2.gz", "app.log.3.gz"]
    assert gz(tmp_path / "app.log.1.gz") == b"gen 5\n"
    assert gz(tmp_path / "app.log.2.gz") == b"gen 4\n"
    assert gz(tmp_path / "app.log.3.gz") == b"gen 3\n"


def test_keep_one(tmp_path):
    p = tmp_path / "a.log"
    write(p, b"one\n"); assert run(tmp_path, 1).returncode == 0
    write(p, b"two\n"); assert run(tmp_path, 1).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["a.log", "a.log.1.gz"]
    assert gz(tmp_path / "a.log.1.gz") == b"two\n"


def test_lower_keep_deletes_excess_and_gaps(tmp_path):
    p = tmp_path / "a.log"
    for n in (1, 2, 3, 4, 5, 9):
        with gzip.open(tmp_path / f"a.log.{n}.gz", "wb") as f:
            f.write(f"old {n}\n".encode())
    write(p, b"current\n")
    assert run(tmp_path, 2).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["a.log", "a.log.1.gz", "a.log.2.gz"]
    assert gz(tmp_path / "a.log.1.gz") == b"current\n"
    assert gz(tmp_path / "a.log.2.gz") == b"old 1\n"


def test_gap_in_archives(tmp_path):
    p = tmp_path / "g.log"
    with gzip.open(tmp_path / "g.log.2.gz", "wb") as f:
        f.write(b"two\n")
    write(p, b"new\n")
    assert run(tmp_path, 5).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["g.log", "g.log.1.gz", "g.log.3.gz"]
    assert gz(tmp_path / "g.log.3.gz") == b"two\n"
    assert gz(tmp_path / "g.log.1.gz") == b"new\n"


def test_empty_log_untouched(tmp_path):
    p = tmp_path / "idle.log"
    write(p, b"")
    for n in (1, 2, 3):
        with gzip.open(tmp_path / f"idle.log.{n}.gz", "wb") as f:
            f.write(f"old {n}\n".encode())
    before = snapshot(tmp_path)
    assert run(tmp_path, 2).returncode == 0
    assert snapshot(tmp_path) == before


def test_weird_names(tmp_path):
    names = ["my app.log", "-dash.log", "star*[1].log", "quote'\"q.log", "tab\tname.log", "ünï côde.log"]
    for n in names:
        write(tmp_path / n, f"data for {n}\n".encode())
    # decoys that a glob-happy script might match
    write(tmp_path / "star1.log", b"")
    r = run(tmp_path, 2)
    assert r.returncode == 0, r.stderr
    for n in names:
        assert os.path.getsize(tmp_path / n) == 0, n
        assert gz(tmp_path / (n + ".1.gz")) == f"data for {n}\n".encode()
    assert not os.path.exists(tmp_path / "star1.log.1.gz")


def test_binary_content_exact(tmp_path):
    data = bytes(range(256)) * 37 + b"no trailing newline"
    write(tmp_path / "bin.log", data)
    assert run(tmp_path, 4).returncode == 0
    assert gz(tmp_path / "bin.log.1.gz") == data


def test_ignores_non_logs_symlinks_dirs_and_subdirs(tmp_path):
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir()
    write(outside / "target.log", b"target data\n")
    d = tmp_path / "logs"
    d.mkdir()
    write(d / "notes.txt", b"notes\n")
    write(d / "app.log.old", b"old\n")
    write(d / "app.logx", b"x\n")
    write(d / "applog", b"y\n")
    os.symlink(outside / "target.log", d / "link.log")
    (d / "dir.log").mkdir()
    write(d / "dir.log" / "inner.log", b"inner\n")
    (d / "sub").mkdir()
    write(d / "sub" / "deep.log", b"deep\n")
    write(d / "real.log", b"real\n")
    os.mkfifo(d / "pipe.log")
    before = snapshot(d)
    r = run(d, 3)
    assert r.returncode == 0, r.stderr
    after = snapshot(d)
    assert gz(d / "real.log.1.gz") == b"real\n"
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed == {"real.log", "real.log.1.gz"}
    assert open(outside / "target.log", "rb").read() == b"target data\n"
    assert sorted(os.listdir(outside)) == ["target.log"]


def test_multiple_logs_independent(tmp_path):
    write(tmp_path / "a.log", b"a1\n")
    write(tmp_path / "b.log", b"b1\n")
    assert run(tmp_path, 3).returncode == 0
    write(tmp_path / "a.log", b"a2\n")
    assert run(tmp_path, 3).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["a.log", "a.log.1.gz", "a.log.2.gz", "b.log", "b.log.1.gz"]
    assert gz(tmp_path / "a.log.2.gz") == b"a1\n"
    assert gz(tmp_path / "b.log.1.gz") == b"b1\n"


@pytest.mark.parametrize("args", [
    [], ["ONLYDIR"], ["DIR", "0"], ["DIR", "-1"], ["DIR", "1.5"], ["DIR", "abc"], ["DIR", ""],
    ["DIR", "3", "extra"], ["/nonexistent/dir", "3"], ["FILE", "3"], ["DIR", "2x"], ["DIR", " 3"],
])
def test_invalid_args(tmp_path, args):
    d = tmp_path / "d"
    d.mkdir()
    write(d / "x.log", b"keep me\n")
    write(tmp_path / "file", b"")
    args = [str(d) if a in ("DIR", "ONLYDIR") else str(tmp_path / "file") if a == "FILE" else a for a in args]
    before = snapshot(d)
    r = subprocess.run([SCRIPT] + args, capture_output=True, timeout=30)
    assert r.returncode == 2
    assert r.stderr.strip()
    assert snapshot(d) == before
