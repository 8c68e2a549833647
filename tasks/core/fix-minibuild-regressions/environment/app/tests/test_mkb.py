import os
import subprocess
import sys
import textwrap
import time

import pytest

APP = os.environ.get("MKB_APP", "/app")


def mkb(tmp, *args, env=None, timeout=60):
    e = dict(os.environ)
    e["PYTHONPATH"] = APP
    e.update(env or {})
    r = subprocess.run([sys.executable, "-m", "mkb", *args], cwd=str(tmp), capture_output=True,
                       text=True, env=e, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def write(tmp, files):
    for name, text in files.items():
        p = tmp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("Buildfile") or name.endswith(".mkb"):
            text = textwrap.dedent(text).lstrip("\n").replace("    ", "\t")
        p.write_text(text)


def age(tmp, name, seconds_ago):
    t = time.time() - seconds_ago
    os.utime(tmp / name, (t, t))


def lines(out):
    return [l for l in out.splitlines() if l]


def test_functions(tmp_path):
    write(tmp_path, {"src/b.c": "", "src/a.c": "", "src/x.h": "", "Buildfile": """
        SRCS = $(wildcard src/*.c)
        OBJS = $(patsubst src/%.c,build/%.o,$(SRCS))
        L = foo.c bar.h baz.c foo.c
        all:
        \t@echo 1 $(OBJS)
        \t@echo 2 $(SRCS:.c=.o) $(SRCS:src/%.c=%.d)
        \t@echo 3 $(filter %.c,$(L)) / $(filter-out %.c,$(L)) / $(sort $(L))
        \t@echo 4 $(words $(L)) $(word 2,$(L)) $(firstword $(L)) [$(strip   a   b  )]
        \t@echo 5 $(notdir src/a.c b) $(dir src/a.c b) $(basename src/a.c x.tar.gz) $(suffix a.c b x.tar.gz)
        \t@echo 6 $(addprefix -I,inc lib) $(addsuffix .o,a b) $(subst a,A,banana)
        \t@echo 7 $(patsubst %.c,%.o,$(filter %.c,$(L)))
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert lines(out) == [
        "1 build/a.o build/b.o",
        "2 src/a.o src/b.o a.d b.d",
        "3 foo.c baz.c foo.c / bar.h / bar.h baz.c foo.c",
        "4 4 bar.h foo.c [a b]",
        "5 a.c b src/ ./ src/a x.tar .c .gz",
        "6 -Iinc -Ilib a.o b.o bAnAnA",
        "7 foo.o baz.o foo.o",
    ]


def test_cycle(tmp_path):
    write(tmp_path, {"Buildfile": """
        a: b
        \ttrue
        b: c
        \ttrue
        c: a
        \ttrue
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 2 and "Circular dependency: a -> b -> c -> a" in err


def test_prefixes_and_echo(tmp_path):
    write(tmp_path, {"Buildfile": """
        all:
        \techo visible
        \t@echo hidden
        \t-false
        \t@-exit 3
        \t- @echo both
        \techo after
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert lines(out) == ["echo visible", "visible", "hidden", "false", "both", "echo after", "after"]
    assert "mkb: [all] Error 1 (ignored)" in err and "mkb: [all] Error 3 (ignored)" in err
    rc, out, err = mkb(tmp_path, "-s")
    assert lines(out) == ["visible", "hidden", "both", "after"]


def test_dry_run(tmp_path):
    write(tmp_path, {"src.c": "", "Buildfile": """
        prog: obj
        \t@echo link > prog
        obj: src.c
        \techo compile > obj
    """})
    rc, out, err = mkb(tmp_path, "-n")
    assert rc == 0 and lines(out) == ["echo compile > obj", "echo link > prog"]
    assert not (tmp_path / "obj").exists() and not (tmp_path / "prog").exists()


def test_phony_prereq_forces_rebuild(tmp_path):
    write(tmp_path, {"Buildfile": """
        .PHONY: force
        out: force
        \t@echo rebuilt
        \t@touch out
        force:
    """})
    assert mkb(tmp_path)[1] == "rebuilt\n"
    assert mkb(tmp_path)[1] == "rebuilt\n"


