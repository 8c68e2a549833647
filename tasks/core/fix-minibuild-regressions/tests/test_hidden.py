import os
import subprocess
import sys
import textwrap
import time

import pytest

# APP (the mkb under test) is set by the grader's driver prelude.


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


# ------------------------------------------------------------------ variables & expansion
def test_append_recursive_stays_lazy(tmp_path):
    write(tmp_path, {"Buildfile": """
        CFLAGS = -O2
        CFLAGS += $(OPT)
        OPT = -g
        SIMPLE := a
        SIMPLE += $(LATE)
        LATE = late
        NEW += $(LATE)
        all: ; @echo [$(CFLAGS)] [$(SIMPLE)] [$(NEW)]
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert out == "[-O2 -g] [a] [late]\n"


def test_flavors_and_conditionals(tmp_path):
    write(tmp_path, {"Buildfile": """
        X = 1
        R = $(X)
        S := $(X)
        X = 2
        Q ?= q1
        Q ?= q2
        HOMEISH ?= nope
        E =
        E += e
        all:
        \t@echo R=$(R) S=$(S) Q=$(Q) H=$(HOMEISH) E=[$(E)] U=[$(UNDEFINED)]
    """})
    rc, out, err = mkb(tmp_path, env={"HOMEISH": "fromenv"})
    assert rc == 0, err
    assert out == "R=2 S=1 Q=q1 H=fromenv E=[e] U=[]\n"


def test_command_line_override(tmp_path):
    write(tmp_path, {"Buildfile": """
        MODE = debug
        MODE += extra
        FLAGS = -D$(MODE)
        all: ; @echo $(FLAGS)
    """})
    assert mkb(tmp_path, "MODE=release")[1] == "-Drelease\n"
    assert mkb(tmp_path)[1] == "-Ddebug extra\n"


def test_dollar_escapes_reach_the_shell(tmp_path):
    write(tmp_path, {"Buildfile": """
        WHO = world
        all:
        \t@echo "$$GREETING $(WHO)"
        \t@printf 'a b c\\n' | awk '{print $$2}'
        \t@X='$$(WHO)'; echo "$$X"
    """})
    rc, out, err = mkb(tmp_path, env={"GREETING": "hello"})
    assert rc == 0, err
    assert out == "hello world\nb\n$(WHO)\n"


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


def test_computed_names_and_self_reference(tmp_path):
    write(tmp_path, {"Buildfile": """
        arm_FLAGS = -marm
        ARCH = arm
        all: ; @echo $($(ARCH)_FLAGS)
        loop: ; @echo $(A)
        A = $(B)
        B = $(A)
    """})
    assert mkb(tmp_path)[1] == "-marm\n"
    rc, out, err = mkb(tmp_path, "loop")
    assert rc == 2 and "mkb: ***" in err and "Recursive variable" in err


def test_continuations_comments_include(tmp_path):
    write(tmp_path, {"common.mkb": """
        CC = fakecc
    """, "Buildfile": """
        # top comment
        include common.mkb
        -include missing.mkb
        LIST = a \\
               b \\
               c
        all: x y # comment after prereqs

        # comment inside rule
        \t@echo $(CC) $(LIST) $^
        x: ; @true
        y:
        \t@true
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert out == "fakecc a b c x y\n"
    write(tmp_path, {"Buildfile": "include nope.mkb\nall: ; true\n"})
    rc, out, err = mkb(tmp_path)
    assert rc == 2 and "nope.mkb" in err


# ------------------------------------------------------------------ rules and automatic vars
def test_automatic_variables(tmp_path):
    write(tmp_path, {"a": "", "b": "", "d": "", "Buildfile": """
        out: a b a | d
        \t@echo '@=$@ <=$< ^=$^ +=$+ |=$| ?=$?'
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert out == "@=out <=a ^=a b +=a b a |=d ?=a b\n"


def test_newer_prereqs_variable(tmp_path):
    write(tmp_path, {"a": "", "b": "", "c": "", "Buildfile": """
        out: a b c
        \t@echo $?
        \t@touch $@
    """})
    for n in "abc":
        age(tmp_path, n, 100)
    assert mkb(tmp_path)[1] == "a b c\n"
    age(tmp_path, "out", 50)
    age(tmp_path, "b", 10)
    assert mkb(tmp_path)[1] == "b\n"


def test_first_prereq_comes_from_recipe_rule(tmp_path):
    write(tmp_path, {"src/foo.c": "", "src/foo.h": "", "config.h": "", "Buildfile": """
        foo.o: src/foo.h config.h
        foo.o: src/foo.c
        \t@echo compile $< all=$^
        bar.o: config.h
        bar.o: src/foo.c src/foo.h
        \t@echo compile $< all=$^
    """})
    rc, out, err = mkb(tmp_path, "foo.o", "bar.o")
    assert rc == 0, err
    assert lines(out) == ["compile src/foo.c all=src/foo.c src/foo.h config.h",
                          "compile src/foo.c all=src/foo.c src/foo.h config.h"]


def test_pattern_rule_extra_prereqs_after(tmp_path):
    write(tmp_path, {"src/m.c": "", "m.h": "", "Buildfile": """
        all: build/m.o
        build/m.o: m.h
        build/%.o: src/%.c
        \t@echo $< $^ stem=$*
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert out == "src/m.c src/m.c m.h stem=m\n"


def test_pattern_rule_selection(tmp_path):
    write(tmp_path, {"c1.c": "", "s1.s": "", "Buildfile": """
        .PHONY: all
        all: c1.o s1.o gen.o
        %.o: %.c
        \t@echo C $@ from $<
        %.o: %.s
        \t@echo S $@ from $<
        %.c: %.y
        \t@echo Y $@ from $<
        %.o: %.gen
        \t@echo GEN $@ from $<
        gen.gen:
        \t@echo make $@
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert lines(out) == ["C c1.o from c1.c", "S s1.o from s1.s", "make gen.gen",
                          "GEN gen.o from gen.gen"]


def test_pattern_chain(tmp_path):
    write(tmp_path, {"p.y": "", "Buildfile": """
        all: p.o
        %.o: %.c
        \t@echo C $@ from $<
        %.c: %.y
        \t@echo Y $@ from $<
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0, err
    assert lines(out) == ["Y p.c from p.y", "C p.o from p.c"]


def test_no_rule_errors(tmp_path):
    write(tmp_path, {"Buildfile": """
        all: app
        app: main.o
        \ttrue
        %.o: %.c
        \ttrue
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 2
    assert "mkb: *** No rule to make target 'main.o', needed by 'app'." in err
    rc, out, err = mkb(tmp_path, "ghost")
    assert rc == 2 and "No rule to make target 'ghost'." in err


def test_phony_skips_pattern_and_always_runs(tmp_path):
    write(tmp_path, {"clean.c": "", "Buildfile": """
        .PHONY: clean
        clean:
        \t@echo cleaning
        %: %.c
        \t@echo wrong
    """})
    (tmp_path / "clean").write_text("")
    assert mkb(tmp_path, "clean")[1] == "cleaning\n"
    assert mkb(tmp_path, "clean")[1] == "cleaning\n"


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


def test_recipe_override_warning(tmp_path):
    write(tmp_path, {"Buildfile": """
        t:
        \t@echo first
        t:
        \t@echo second
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 0 and out == "second\n" and "overriding recipe for target 't'" in err


# ------------------------------------------------------------------ up-to-date checks
CHAIN = """
    app: main.o util.o | build
    \t@echo link
    \t@touch $@
    main.o: main.c
    \t@echo cc main
    \t@touch $@
    util.o: util.c
    \t@echo cc util
    \t@touch $@
    build:
    \t@echo mkdir
    \t@mkdir -p build
"""


def test_incremental(tmp_path):
    write(tmp_path, {"main.c": "", "util.c": "", "Buildfile": CHAIN})
    for n in ("main.c", "util.c"):
        age(tmp_path, n, 1000)
    rc, out, err = mkb(tmp_path)
    assert lines(out) == ["cc main", "cc util", "mkdir", "link"]
    for n, a in (("main.o", 900), ("util.o", 900), ("app", 800), ("build", 700)):
        age(tmp_path, n, a)
    rc, out, err = mkb(tmp_path)
    assert rc == 0 and out == "mkb: 'app' is up to date.\n"
    age(tmp_path, "util.c", 850)
    rc, out, err = mkb(tmp_path)
    assert lines(out) == ["cc util", "link"]


def test_order_only_does_not_trigger_rebuild(tmp_path):
    write(tmp_path, {"main.c": "", "util.c": "", "Buildfile": CHAIN})
    for n in ("main.c", "util.c"):
        age(tmp_path, n, 1000)
    mkb(tmp_path)
    for n, a in (("main.o", 900), ("util.o", 900), ("app", 800)):
        age(tmp_path, n, a)
    (tmp_path / "build" / "newfile").write_text("x")      # bumps build/'s mtime
    age(tmp_path, "build", 10)
    rc, out, err = mkb(tmp_path)
    assert rc == 0 and out == "mkb: 'app' is up to date.\n", out
    import shutil
    shutil.rmtree(tmp_path / "build")
    rc, out, err = mkb(tmp_path)
    assert lines(out) == ["mkdir"]


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


def test_nothing_to_be_done(tmp_path):
    write(tmp_path, {"f": "", "Buildfile": """
        .PHONY: all
        all: f
    """})
    assert mkb(tmp_path) == (0, "mkb: Nothing to be done for 'all'.\n", "")


# ------------------------------------------------------------------ execution
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


def test_failure_stops(tmp_path):
    write(tmp_path, {"Buildfile": """
        all: a b c
        a: ; @echo A
        b: ; @exit 4
        c: ; @echo C
    """})
    rc, out, err = mkb(tmp_path)
    assert rc == 2 and out == "A\n" and "mkb: *** [b] Error 4" in err


def test_keep_going(tmp_path):
    write(tmp_path, {"Buildfile": """
        .PHONY: all
        all: app docs
        app: ok.o bad.o
        \t@echo link
        ok.o: ; @echo ok
        bad.o: ; @exit 1
        docs: ; @echo docs
    """})
    rc, out, err = mkb(tmp_path, "-k")
    assert rc == 2
    assert lines(out) == ["ok", "docs"]
    assert "mkb: *** [bad.o] Error 1" in err
    assert "Target 'app' not remade because of errors." in err
    rc, out, err = mkb(tmp_path, "-k", "-j", "3")
    assert rc == 2 and sorted(lines(out)) == ["docs", "ok"]


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


def test_directory_and_file_options(tmp_path):
    sub = tmp_path / "sub"
    write(sub, {"rules.mkb": """
        all: ; @echo in $(notdir $(CURDIR_X))
    """})
    rc, out, err = mkb(tmp_path, "-C", "sub", "-f", "rules.mkb", "CURDIR_X=a/sub")
    assert rc == 0 and out == "in sub\n"
    rc, out, err = mkb(tmp_path)
    assert rc == 2 and "mkb: ***" in err


def test_depth_first_order(tmp_path):
    write(tmp_path, {"Buildfile": """
        top: l r | o
        \t@echo top
        l: ll lr
        \t@echo l
        ll: ; @echo ll
        lr: ll ; @echo lr
        r: lr rr ; @echo r
        rr: ; @echo rr
        o: ; @echo o
    """})
    rc, out, err = mkb(tmp_path)
    assert lines(out) == ["ll", "lr", "l", "rr", "r", "o", "top"]


SLOW = """
    app: a.o b.o c.o a.o
    \t@test -f a.o && test -f b.o && test -f c.o && echo linked-ok || echo linked-too-early
    a.o: ; @touch $@
    b.o: ; @sleep 0.6; touch $@
    c.o: ; @sleep 0.3; touch $@
"""


@pytest.mark.parametrize("jobs", ["2", "4"])
def test_parallel_waits_for_all_prereqs(tmp_path, jobs):
    write(tmp_path, {"Buildfile": SLOW})
    rc, out, err = mkb(tmp_path, "-j", jobs)
    assert rc == 0, err
    assert lines(out) == ["linked-ok"]


def test_parallel_runs_concurrently(tmp_path):
    write(tmp_path, {"Buildfile": """
        .PHONY: all
        all: a b c d
        a b c d:
        \t@sleep 1.5
    """})
    # Serially this takes 6 s; in parallel 1.5 s plus start-up (generous for a loaded machine).
    t0 = time.time()
    rc, out, err = mkb(tmp_path, "-j", "4")
    assert rc == 0 and time.time() - t0 < 4.5


def test_parallel_diamond(tmp_path):
    write(tmp_path, {"Buildfile": """
        .PHONY: all
        all: x y
        \t@test -f x && test -f y && test -f base && echo all-ok
        x: base base ; @sleep 0.2; test -f base && touch x
        y: base z ; @test -f z && touch y
        z: base ; @sleep 0.4; touch z
        base: ; @sleep 0.2; touch base
    """})
    rc, out, err = mkb(tmp_path, "-j", "3")
    assert rc == 0, err
    assert lines(out) == ["all-ok"]
