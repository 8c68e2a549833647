import os, random, shutil, stat, subprocess, time
import pytest

SYNC = APP + "/sync"  # APP: set by the grader's driver prelude
T0 = 1_700_000_000


def run(*args, timeout=60):
    r = subprocess.run([SYNC, *map(str, args)], capture_output=True, timeout=timeout)
    lines = r.stdout.decode("utf-8", "surrogateescape").splitlines()
    return r.returncode, sorted(lines), r.stderr


def wfile(p, data=b"x", mode=0o644, mtime=T0):
    p = str(p)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if os.path.lexists(p):
        os.chmod(p, 0o644) if not os.path.islink(p) else None
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(p, mode)
    os.utime(p, (mtime, mtime))


def wdir(p, mode=0o755):
    os.makedirs(p, exist_ok=True)
    os.chmod(p, mode)


def wlink(p, target):
    p = str(p)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    os.symlink(target, p)


def snap(root, dir_modes=True, ino=False):
    out = {}
    for cur, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(cur, n)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            m = st.st_mode
            if stat.S_ISLNK(m):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(m):
                out[rel] = ("dir", stat.S_IMODE(m) if dir_modes else None)
            elif stat.S_ISREG(m):
                with open(p, "rb") as f:
                    data = f.read()
                out[rel] = ("file", data, stat.S_IMODE(m), int(st.st_mtime)) + ((st.st_ino,) if ino else ())
            else:
                out[rel] = ("special",)
    return out


def mirrorable(s):
    return {k: v for k, v in s.items() if v[0] != "special"}


def initial_lines(s):
    act = {"dir": "mkdir", "file": "copy", "link": "link"}
    return sorted(f"{act[v[0]]} {k}" for k, v in s.items() if v[0] != "special")


def test_executable():
    assert os.path.isfile(SYNC) and os.access(SYNC, os.X_OK)


WEIRD = ["sp ace.txt", "-lead.txt", "st*r?[x].txt", "quo'te\"s.txt", "back\\slash.txt",
         "tab\there.txt", "ünïcødé ✓.txt", " leading space.txt", "trailing space .txt", "--delete"]


def build_rich(src):
    wfile(src / "a.txt", "alpha\n")
    wfile(src / ".hidden", "secret", 0o600, T0 + 5)
    wfile(src / "bin" / "run.sh", "#!/bin/sh\necho hi\n", 0o755, T0 + 7)
    wfile(src / "ro.txt", "read only\n", 0o444, T0 + 9)
    wfile(src / "deep" / "x" / "y" / "z.txt", b"\x00\x01binary\xff" * 100, 0o640, T0 + 11)
    wdir(src / "empty", 0o700)
    wdir(src / ".dotdir" / "inner", 0o750)
    wfile(src / ".dotdir" / "inner" / ".f", "dot")
    wlink(src / "links" / "abs", "/etc/hostname")
    wlink(src / "links" / "dangling", "../no/such/file")
    wlink(src / "links" / "dirlink", "../deep")
    wlink(src / "links" / "weird target", "a b/../c*")
    for i, n in enumerate(WEIRD):
        wfile(src / "names" / n, f"content of {n}\n", 0o644, T0 + 100 + i)
    wdir(src / "names" / "dir with spaces", 0o755)
    wfile(src / "names" / "dir with spaces" / "-x", "dash")
    wfile(src / "h1", "hardlinked\n")
    os.link(src / "h1", src / "h2")
    os.mkfifo(src / "pipe")
    wfile(src / "big.bin", os.urandom(3 << 20), 0o644, T0 + 200)
    for d in ("bin", "deep", "deep/x", "deep/x/y", "links", "names", ".dotdir"):
        os.chmod(src / d, 0o755)


@pytest.fixture
def rich(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    build_rich(src)
    return src, tmp_path / "out" / "nested" / "dst"


def test_initial_copy_and_idempotent(rich):
    src, dst = rich
    expected = mirrorable(snap(src))
    rc, lines, err = run(src, dst)
    assert rc == 0, err
    assert lines == initial_lines(expected)
    assert snap(dst) == expected
    assert os.lstat(dst / "links" / "dirlink") and os.path.islink(dst / "links" / "dirlink")
    before = snap(dst, ino=True)
    rc, lines, err = run(src, dst)
    assert rc == 0 and lines == [], lines
    assert snap(dst, ino=True) == before


def test_dry_run_initial_creates_nothing(rich):
    src, dst = rich
    before = snap(src)
    rc, lines, err = run("-n", src, dst)
    assert rc == 0, err
    assert lines == initial_lines(mirrorable(before))
    assert not os.path.lexists(dst) and not os.path.lexists(dst.parent)
    assert snap(src) == before


def test_trailing_slashes(rich):
    src, dst = rich
    rc, lines, _ = run(str(src) + "/", str(dst) + "/")
    assert rc == 0
    assert lines == initial_lines(mirrorable(snap(src)))
    assert snap(dst) == mirrorable(snap(src))


def test_quick_check_rules(rich):
    src, dst = rich
    for n in "abcdefgh":
        wfile(src / "q" / f"{n}.txt", f"{n}-original\n", 0o644, T0 + 50)
    wfile(src / "q" / "frac.txt", "frac-original\n", 0o644, T0 + 50)
    os.utime(src / "q" / "frac.txt", ns=((T0 + 50) * 10**9 + 700_000_000,) * 2)
    assert run(src, dst)[0] == 0
    q, dq = src / "q", dst / "q"
    wfile(q / "g.txt", "g-changed!!\n", 0o444, T0 + 70)
    assert run(src, dst)[1] == ["copy q/g.txt"]
    assert os.stat(dq / "g.txt").st_mode & 0o777 == 0o444
    # a: DST content changed, same size and mtime -> untouched
    wfile(dq / "a.txt", "A-ORIGINAL\n", 0o644, T0 + 50)
    # b: SRC content changed (same size), new mtime -> copied
    wfile(q / "b.txt", "B-original\n", 0o644, T0 + 60)
    # c: SRC mtime only -> copied
    os.utime(q / "c.txt", (T0 + 61, T0 + 61))
    # d: SRC size changed, same mtime -> copied
    wfile(q / "d.txt", "d-original, longer\n", 0o644, T0 + 50)
    # e: DST mode changed only -> untouched
    os.chmod(dq / "e.txt", 0o600)
    # f: DST newer than SRC -> copied (any difference counts)
    os.utime(dq / "f.txt", (T0 + 999, T0 + 999))
    # g: read-only copy in DST must be updatable
    wfile(q / "g.txt", "g-changed again\n", 0o444, T0 + 80)
    # frac: DST mtime differs only in the fraction of a second -> untouched
    os.utime(dq / "frac.txt", ns=((T0 + 50) * 10**9 + 100_000_000,) * 2)
    # ro.txt updated at source (DST copy is 0444)
    os.chmod(src / "ro.txt", 0o644)
    wfile(src / "ro.txt", "read only v2\n", 0o444, T0 + 90)
    rc, lines, err = run(src, dst)
    assert rc == 0, err
    assert lines == sorted(["copy q/b.txt", "copy q/c.txt", "copy q/d.txt", "copy q/f.txt", "copy q/g.txt", "copy ro.txt"])
    s = snap(dst)
    assert s["q/a.txt"] == ("file", b"A-ORIGINAL\n", 0o644, T0 + 50)
    assert s["q/e.txt"][2] == 0o600
    for n in "bcdf":
        assert s[f"q/{n}.txt"] == snap(src)[f"q/{n}.txt"]
    assert s["q/g.txt"] == ("file", b"g-changed again\n", 0o444, T0 + 80)
    assert s["ro.txt"] == ("file", b"read only v2\n", 0o444, T0 + 90)
    assert s["q/frac.txt"][1] == b"frac-original\n"


def test_type_changes_never_write_through_links(tmp_path):
    src, dst, outside = tmp_path / "src", tmp_path / "dst", tmp_path / "outside"
    wfile(src / "f2d", "file")
    wdir(src / "d2f")
    wfile(src / "d2f" / "inner", "inner")
    wfile(src / "d2f" / "sub" / "deeper", "deeper")
    wfile(src / "f2l", "file")
    wlink(src / "l2f", "somewhere")
    wlink(src / "repoint", "old-target")
    wdir(src / "d2l")
    wfile(src / "d2l" / "k", "k")
    wlink(src / "l2d", "x")
    wfile(src / "same", "same")
    assert run(src, dst)[0] == 0
    wfile(outside / "victim" / "f", "outside-dir-file")
    wfile(outside / "vfile", "outside-file")
    outside_before = snap(outside)
    # now mutate SRC
    os.unlink(src / "f2d"); wfile(src / "f2d" / "child", "child")
    shutil.rmtree(src / "d2f"); wfile(src / "d2f", "now a file")
    os.unlink(src / "f2l"); wlink(src / "f2l", "f2l-target")
    os.unlink(src / "l2f"); wfile(src / "l2f", "now a file")
    os.unlink(src / "repoint"); wlink(src / "repoint", "new-target")
    shutil.rmtree(src / "d2l"); wlink(src / "d2l", "d2l-target")
    os.unlink(src / "l2d"); wdir(src / "l2d"); wfile(src / "l2d" / "in", "in")
    # DST entries that are symlinks leading outside
    wdir(src / "trap"); wfile(src / "trap" / "f", "mirrored")
    wlink(dst / "trap", str(outside / "victim"))
    wfile(src / "ftrap", "mirrored file", 0o644, T0 + 3)
    wlink(dst / "ftrap", str(outside / "vfile"))
    rc, lines, err = run(src, dst)
    assert rc == 0, err
    assert lines == sorted([
        "delete f2d", "mkdir f2d", "copy f2d/child",
        "delete d2f", "copy d2f",
        "delete f2l", "link f2l",
        "delete l2f", "copy l2f",
        "link repoint",
        "delete d2l", "link d2l",
        "delete l2d", "mkdir l2d", "copy l2d/in",
        "delete trap", "mkdir trap", "copy trap/f",
        "delete ftrap", "copy ftrap",
    ])
    assert snap(dst) == snap(src)
    assert snap(outside) == outside_before


def test_delete(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    wfile(src / "keep.txt", "keep")
    wfile(src / "gone" / "x.txt", "x")
    wfile(src / "gone" / "y.txt", "y")
    wfile(src / "olddir" / "a" / "b" / "c.txt", "c")
    wlink(src / "oldlink", "keep.txt")
    wfile(src / "pipe", "regular for now")
    assert run(src, dst)[0] == 0
    wfile(dst / "dst_only.txt", "extra")
    wdir(dst / "dst only dir" / "sub")
    os.unlink(src / "gone" / "x.txt")
    shutil.rmtree(src / "olddir")
    os.unlink(src / "oldlink")
    os.unlink(src / "pipe")
    os.mkfifo(src / "pipe")
    before = snap(dst, ino=True)
    rc, lines, _ = run(src, dst)
    assert rc == 0 and lines == []
    assert snap(dst, ino=True) == before
    expected = sorted(["delete gone/x.txt", "delete olddir", "delete oldlink", "delete dst_only.txt",
                       "delete dst only dir", "delete pipe"])
    rc, lines, _ = run("-n", "--delete", src, dst)
    assert rc == 0 and lines == expected
    assert snap(dst, ino=True) == before
    rc, lines, _ = run("--delete", src, dst)
    assert rc == 0 and lines == expected
    assert snap(dst) == mirrorable(snap(src))
    assert run("--delete", src, dst)[1] == []


def test_excludes(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    wfile(src / "keep.txt", "keep")
    wfile(src / "skip.tmp", "tmp")
    wfile(src / "cache" / "c1", "c1")
    wfile(src / "sub" / "cache" / "c2", "c2")
    wfile(src / "sub" / "x.tmp", "tmp")
    wfile(src / "sub" / "keep.log", "log")
    wfile(src / "bad.txt", "bad")
    wfile(src / "bed.txt", "bed")
    wfile(src / "bead.txt", "bead")
    wfile(src / "tmp.keep", "not matched")
    wfile(src / "[x].txt", "literal brackets")
    wdir(src / "deeply" / "nested")
    wfile(src / "deeply" / "nested" / "f", "f")
    wfile(src / "sub" / "deepfile", "matches deep*")
    # DST pre-state
    wfile(dst / "junk.tmp", "dst tmp")
    wfile(dst / "sub" / "zzz.tmp", "dst tmp 2")
    wfile(dst / "cache", "dst cache is a file")
    wfile(dst / "other.txt", "to be deleted")
    wfile(dst / "bud.txt", "excluded in dst")
    args = ["--exclude", "*.tmp", "--delete", "--exclude", "cache", "--exclude", "b?d.txt",
            "--exclude", "deep*", "--exclude", "[[]x].txt"]
    dst_before = snap(dst)
    rc, lines, err = run("-n", *args, src, dst)
    assert rc == 0, err
    expected = sorted(["copy keep.txt", "copy bead.txt", "copy tmp.keep", "copy sub/keep.log",
                       "delete other.txt"])
    assert lines == expected
    assert snap(dst) == dst_before
    rc, lines, err = run(*args, src, dst)
    assert rc == 0, err
    assert lines == expected
    s = snap(dst)
    assert sorted(s) == sorted(["junk.tmp", "sub", "sub/zzz.tmp", "sub/keep.log", "cache", "keep.txt",
                                "bead.txt", "tmp.keep", "bud.txt"])
    assert s["cache"][1] == b"dst cache is a file"
    assert run(*args, src, dst)[1] == []


def random_tree(rng, root, depth=0, names=None):
    names = names or ["a", "b", "c d", "e.tmp", "-f", "g*", "h", "ï"]
    for n in rng.sample(names, rng.randint(2, len(names))):
        p = root / n
        r = rng.random()
        if r < 0.25 and depth < 3:
            wdir(p, rng.choice([0o755, 0o700, 0o775]))
            random_tree(rng, p, depth + 1, names)
        elif r < 0.4:
            wlink(p, rng.choice(["a", "../b", "/nonexistent", "c d"]))
        else:
            wfile(p, rng.randbytes(rng.choice([0, 1, 10, 100, 5000])), rng.choice([0o644, 0o600, 0o755, 0o444]),
                  T0 + rng.randint(0, 5))


def mutate(rng, root):
    entries = []
    for cur, dirs, files in os.walk(root):
        for n in dirs + files:
            entries.append(os.path.join(cur, n))
    rng.shuffle(entries)
    for p in entries[: len(entries) // 3]:
        if not os.path.lexists(p):
            continue
        st = os.lstat(p)
        r = rng.random()
        if r < 0.3:
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(p)
            else:
                os.unlink(p)
        elif r < 0.55 and stat.S_ISREG(st.st_mode):
            os.chmod(p, 0o644)
            wfile(p, rng.randbytes(rng.randint(0, 300)), 0o644, T0 + rng.randint(10, 20))
        elif r < 0.7:
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(p)
            else:
                os.unlink(p)
            wlink(p, rng.choice(["x", "y/z"]))
        elif r < 0.85:
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(p)
            else:
                os.unlink(p)
            wdir(p)
            wfile(os.path.join(p, "new"), "new", 0o644, T0 + 30)
        elif stat.S_ISLNK(st.st_mode):
            os.unlink(p)
            wlink(p, "repointed")


def filtered(s, pats):
    import fnmatch
    out = {}
    for k, v in s.items():
        if v[0] == "special":
            continue
        if any(fnmatch.fnmatchcase(part, p) for part in k.split("/") for p in pats):
            continue
        out[k] = v
    return out


def strip_dir_modes(s):
    return {k: (v if v[0] != "dir" else ("dir",)) for k, v in s.items()}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_random_scenarios(tmp_path, seed):
    rng = random.Random(seed)
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    random_tree(rng, src)
    pats = ["*.tmp", "g[*]"] if seed % 2 else []
    exc = [x for p in pats for x in ("--exclude", p)]
    assert run(*exc, src, dst)[0] == 0
    assert strip_dir_modes(filtered(snap(dst), pats)) == strip_dir_modes(filtered(snap(src), pats))
    mutate(rng, src)
    mutate(random.Random(seed + 100), dst)
    excluded_before = {k: v for k, v in snap(dst).items() if k not in filtered(snap(dst), pats)}
    before = snap(dst, ino=True)
    rc, dry_lines, err = run("-n", "--delete", *exc, src, dst)
    assert rc == 0, err
    assert snap(dst, ino=True) == before
    rc, lines, err = run("--delete", *exc, src, dst)
    assert rc == 0, err
    assert lines == dry_lines
    after = snap(dst)
    assert strip_dir_modes(filtered(after, pats)) == strip_dir_modes(filtered(snap(src), pats))
    assert {k: v for k, v in after.items() if k not in filtered(after, pats)} == excluded_before
    assert run("--delete", *exc, src, dst)[1] == []


@pytest.mark.parametrize("case", ["noargs", "one", "three", "badopt", "excl_noarg", "nosrc", "srcfile", "dstfile"])
def test_usage_errors(tmp_path, case):
    src = tmp_path / "src"
    wfile(src / "f", "f")
    wfile(tmp_path / "file", "file")
    newdst = tmp_path / "newdst"
    args = {
        "noargs": [], "one": [src], "three": [src, newdst, tmp_path / "x"],
        "badopt": ["--frobnicate", src, newdst], "excl_noarg": [src, newdst, "--exclude"],
        "nosrc": [tmp_path / "missing", newdst], "srcfile": [tmp_path / "file", newdst],
        "dstfile": [src, tmp_path / "file"],
    }[case]
    rc, lines, err = run(*args)
    assert rc == 2
    assert lines == []
    assert err.strip()
    assert not os.path.lexists(newdst)
    assert open(tmp_path / "file").read() == "file"


def test_performance(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    n = 0
    for a in range(10):
        for b in range(5):
            d = src / f"dir {a}" / f"sub-{b}"
            d.mkdir(parents=True)
            for c in range(30):
                with open(d / f"file {c}.dat", "wb") as f:
                    f.write(b"%d-%d-%d\n" % (a, b, c))
                n += 1
    t = time.time()
    rc, lines, _ = run(src, dst, timeout=120)
    first = time.time() - t
    assert rc == 0 and len(lines) == n + 60
    t = time.time()
    rc, lines, _ = run(src, dst, timeout=120)
    second = time.time() - t
    assert rc == 0 and lines == []
    assert first < 30 and second < 30, (first, second)
