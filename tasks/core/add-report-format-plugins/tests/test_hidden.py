import html as htmlmod
import json
import math
import os
import random
import subprocess
import sys

import pytest

sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)

from tabrep.table import Table  # noqa: E402
from tabrep.render import render_text, format_cell  # noqa: E402
from tabrep.formats import Format, FormatError, Registry, default_registry  # noqa: E402

# `python -m tabrep` from APP needs APP on sys.path (ordinary start-up, no PYTHONSAFEPATH).
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}

SALES = APP + "/examples/sales.csv"


def tabrep(*args, env=None, cwd=APP):
    e = dict(PROGRAM_ENV)
    e.pop("TABREP_PLUGINS", None)
    e.update(env or {})
    r = subprocess.run([sys.executable, "-m", "tabrep", *args], capture_output=True, text=True,
                       cwd=cwd, env=e)
    return r.returncode, r.stdout, r.stderr


def assert_error(rc, out, err):
    assert rc == 2, (rc, out, err)
    assert out == ""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("tabrep: error: "), err


# ----------------------------------------------------------------------- references
def ref_csv(t, delim=",", header=True):
    if not t.columns:
        return ""

    def f(s):
        if delim in s or '"' in s or "\n" in s or "\r" in s or s[:1] == " " or s[-1:] == " ":
            return '"' + s.replace('"', '""') + '"'
        return s
    lines = ([delim.join(f(c) for c in t.columns)] if header else [])
    lines += [delim.join(f(format_cell(v)) for v in r) for r in t.rows]
    return "".join(x + "\n" for x in lines)


def ref_tsv(t, header=True):
    if not t.columns:
        return ""

    def f(s):
        return s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    lines = (["\t".join(f(c) for c in t.columns)] if header else [])
    lines += ["\t".join(f(format_cell(v)) for v in r) for r in t.rows]
    return "".join(x + "\n" for x in lines)


def objs(t):
    return [{c: (None if isinstance(v, float) and not math.isfinite(v) else v)
             for c, v in zip(t.columns, r)} for r in t.rows]


def ref_json(t, indent=None):
    return json.dumps(objs(t), ensure_ascii=False, indent=indent) + "\n"


def ref_jsonl(t):
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs(t))


def ref_md(t):
    if not t.columns:
        return ""

    def c(s):
        return s.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")

    def line(cells):
        return "| " + " | ".join(cells) + " |"
    out = [line(c(x) for x in t.columns),
           line("---:" if t.is_numeric(x) else "---" for x in t.columns)]
    out += [line(c(format_cell(v)) for v in r) for r in t.rows]
    return "".join(x + "\n" for x in out)


def ref_html(t, cls=None):
    e = lambda s: htmlmod.escape(s, quote=True)  # noqa
    out = ["<table>" if cls is None else '<table class="%s">' % e(cls), "<thead>",
           "<tr>" + "".join("<th>%s</th>" % e(c) for c in t.columns) + "</tr>", "</thead>", "<tbody>"]
    num = [t.is_numeric(c) for c in t.columns]
    for r in t.rows:
        out.append("<tr>" + "".join(('<td class="num">' if n else "<td>") + e(format_cell(v)) + "</td>"
                                    for v, n in zip(r, num)) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "".join(x + "\n" for x in out)


NASTY = ["", " ", "a", "a,b", 'q"uote', " lead", "trail ", "new\nline", "cr\rx", "crlf\r\nz",
         "tab\there", "pipe|x", "<b>&amp;</b>", "it's", "ünï©ødé", ";", "||", "a\"b,c\nd"]


def random_table(rng):
    ncols = rng.randint(1, 5)
    cols = []
    for i in range(ncols):
        cols.append(rng.choice(["c%d" % i, "col %d" % i, "x|%d" % i, "a,%d" % i, "<h%d>" % i]))
    kinds = [rng.choice(["int", "float", "str", "mixed", "empty"]) for _ in cols]
    rows = []
    for _ in range(rng.randint(0, 12)):
        row = []
        for k in kinds:
            if rng.random() < 0.15 or k == "empty":
                row.append(None)
            elif k == "int":
                row.append(rng.randint(-1000, 10**6))
            elif k == "float":
                row.append(rng.choice([rng.uniform(-1e4, 1e4), 0.005, 2.5, -0.0, 1e20,
                                       float("nan"), float("inf")]))
            elif k == "str":
                row.append(rng.choice(NASTY[1:]))
            else:
                row.append(rng.choice([1, 2.25, "x", "a,b"]))
        rows.append(row)
    return Table(cols, rows)


# ----------------------------------------------------------------------- registry API
def test_default_registry():
    r = default_registry()
    assert isinstance(r, Registry)
    assert r.names() == ["csv", "html", "json", "jsonl", "markdown", "text", "tsv"]
    assert r is not default_registry()
    exts = {n: r.get(n).extension for n in r.names()}
    assert exts == {"csv": ".csv", "html": ".html", "json": ".json", "jsonl": ".jsonl",
                    "markdown": ".md", "text": ".txt", "tsv": ".tsv"}
    for n in r.names():
        cls = r.get(n)
        assert issubclass(cls, Format) and cls.name == n and isinstance(cls.description, str)
    assert r.for_extension(".MD") is r.get("markdown")
    assert r.for_extension(".Json") is r.get("json")
    with pytest.raises(FormatError):
        r.for_extension(".xlsx")
    with pytest.raises(FormatError):
        r.get("yaml")


def test_registry_add_rules():
    r = default_registry()

    class Good(Format):
        name = "good-1_x"
        extension = ".csv"
        description = "d"

        def render(self, table):
            return "good\n"
    r.add(Good)
    assert "good-1_x" in r.names() and r.names() == sorted(r.names())
    assert r.for_extension(".csv").name == "csv"      # first registered wins
    with pytest.raises(FormatError):
        r.add(Good)
    for bad_name in ["", "Upper", "has space", None, 3, "a.b"]:
        B = type("B", (Format,), {"name": bad_name, "render": lambda self, t: ""})
        with pytest.raises(FormatError):
            r.add(B)
    with pytest.raises(FormatError):
        r.add(object)
    with pytest.raises(FormatError):
        r.add(Good())
    r2 = Registry()
    assert r2.names() == []
    r2.add(Good)
    assert r2.for_extension(".CSV") is Good


def test_format_options():
    class F(Format):
        name = "f"
        options = {"n": (int, 7), "s": (str, None), "d": (lambda s: [s], "dflt")}

        def render(self, t):
            return ""
    assert F().opts == {"n": 7, "s": None, "d": "dflt"}
    assert F({}).opts == {"n": 7, "s": None, "d": "dflt"}
    assert F({"n": "12", "d": "x"}).opts == {"n": 12, "s": None, "d": ["x"]}
    with pytest.raises(FormatError):
        F({"zz": "1"})
    with pytest.raises(FormatError):
        F({"n": "twelve"})
    assert Format.options == {}
    assert Format().opts == {}


def test_builtin_option_validation():
    r = default_registry()
    for name, opts in [("csv", {"delimiter": ""}), ("csv", {"delimiter": ";;"}),
                       ("csv", {"header": "yes"}), ("csv", {"header": "True"}),
                       ("tsv", {"delimiter": ";"}), ("json", {"indent": "-1"}),
                       ("json", {"indent": "two"}), ("jsonl", {"indent": "2"}),
                       ("text", {"x": "1"}), ("markdown", {"class": "a"}), ("html", {"indent": "1"})]:
        with pytest.raises(FormatError):
            r.get(name)(opts)
    assert r.get("csv")({"delimiter": ";", "header": "false"}).opts == {"delimiter": ";", "header": False}
    assert r.get("json")({"indent": "0"}).opts["indent"] == 0


# ----------------------------------------------------------------------- formats
FIXED = Table(["name", "qty", "price", "note"],
              [["a|b", 3, 2.5, None], ["x,y", None, 1e3, 'say "hi"'], [" sp ", 12, -0.004, "l1\nl2"],
               ["<&>", 7, float("nan"), "tab\tz"]])


def test_fixed_table_exact():
    r = default_registry()
    assert r.get("text")().render(FIXED) == render_text(FIXED)
    assert r.get("csv")().render(FIXED) == (
        'name,qty,price,note\n"a|b",3,2.50,\n'.replace('"a|b"', "a|b")
        + '"x,y",,1000.00,"say ""hi"""\n" sp ",12,-0.00,"l1\nl2"\n<&>,7,nan,tab\tz\n')
    assert r.get("tsv")().render(FIXED) == (
        "name\tqty\tprice\tnote\na|b\t3\t2.50\t\nx,y\t\t1000.00\tsay \"hi\"\n"
        " sp \t12\t-0.00\tl1 l2\n<&>\t7\tnan\ttab z\n")
    assert r.get("markdown")().render(FIXED) == (
        "| name | qty | price | note |\n| --- | ---: | ---: | --- |\n"
        "| a\\|b | 3 | 2.50 |  |\n| x,y |  | 1000.00 | say \"hi\" |\n"
        "|  sp  | 12 | -0.00 | l1<br>l2 |\n| <&> | 7 | nan | tab\tz |\n")
    assert json.loads(r.get("json")().render(FIXED)) == [
        {"name": "a|b", "qty": 3, "price": 2.5, "note": None},
        {"name": "x,y", "qty": None, "price": 1000.0, "note": 'say "hi"'},
        {"name": " sp ", "qty": 12, "price": -0.004, "note": "l1\nl2"},
        {"name": "<&>", "qty": 7, "price": None, "note": "tab\tz"}]
    h = r.get("html")({"class": 'r"pt'}).render(FIXED)
    assert h.splitlines()[0] == '<table class="r&quot;pt">'
    assert '<tr><td>&lt;&amp;&gt;</td><td class="num">7</td><td class="num">nan</td><td>tab\tz</td></tr>' in h


@pytest.mark.parametrize("seed", range(40))
def test_random_tables(seed):
    rng = random.Random(seed)
    t = random_table(rng)
    r = default_registry()
    assert r.get("csv")().render(t) == ref_csv(t)  # hz:obs
    assert r.get("csv")({"delimiter": ";", "header": "false"}).render(t) == ref_csv(t, ";", False)  # hz:obs
    assert r.get("csv")({"delimiter": "|"}).render(t) == ref_csv(t, "|")  # hz:obs
    assert r.get("tsv")().render(t) == ref_tsv(t)  # hz:obs
    assert r.get("tsv")({"header": "false"}).render(t) == ref_tsv(t, False)  # hz:obs
    assert r.get("json")().render(t) == ref_json(t)  # hz:obs
    assert r.get("json")({"indent": "2"}).render(t) == ref_json(t, 2)  # hz:obs
    assert r.get("json")({"indent": "0"}).render(t) == ref_json(t, 0)  # hz:obs
    assert r.get("jsonl")().render(t) == ref_jsonl(t)  # hz:obs
    assert r.get("markdown")().render(t) == ref_md(t)  # hz:obs
    assert r.get("html")().render(t) == ref_html(t)  # hz:obs
    assert r.get("html")({"class": "a<b"}).render(t) == ref_html(t, "a<b")  # hz:obs
    assert r.get("text")().render(t) == render_text(t)


def test_empty_tables():
    r = default_registry()
    none = Table([], [])
    assert r.get("csv")().render(none) == ""
    assert r.get("tsv")().render(none) == ""
    assert r.get("markdown")().render(none) == ""
    assert r.get("json")().render(none) == "[]\n"
    assert r.get("jsonl")().render(none) == ""
    assert r.get("html")().render(none) == "<table>\n<thead>\n<tr></tr>\n</thead>\n<tbody>\n</tbody>\n</table>\n"
    cols = Table(["a", "b"], [])
    assert r.get("csv")().render(cols) == "a,b\n"
    assert r.get("csv")({"header": "false"}).render(cols) == ""
    assert r.get("markdown")().render(cols) == "| a | b |\n| --- | --- |\n"
    assert r.get("jsonl")().render(cols) == ""
    assert r.get("json")({"indent": "2"}).render(cols) == "[]\n"


# ----------------------------------------------------------------------- plugins
PLUGIN = '''
import os
from tabrep.formats import Format


class {cls}(Format):
    name = "{name}"
    extension = {ext!r}
    description = "{desc}"
    options = {{"bang": (int, 0)}}

    def render(self, table):
        return "{name}:" + ",".join(table.columns) + ":" + str(len(table.rows)) + "!" * self.opts["bang"] + "\\n"

def register(registry):
    log = os.environ.get("ORDER_LOG")
    if log:
        with open(log, "a") as fh:
            fh.write("{name}\\n")
    registry.add({cls})
'''


def write_plugin(path, name, ext=None, desc="plugin format", cls="P"):
    path.write_text(PLUGIN.format(cls=cls, name=name, ext=ext, desc=desc))
    return str(path)


def test_load_plugin_api(tmp_path):
    r = default_registry()
    before = list(sys.path)
    p = write_plugin(tmp_path / "up.py", "upper", ".up")
    r.load_plugin(p)
    assert sys.path == before
    assert "upper" in r.names()
    assert r.for_extension(".UP").name == "upper"
    assert r.get("upper")({"bang": "2"}).render(FIXED) == "upper:name,qty,price,note:4!!\n"
    with pytest.raises(FormatError):
        r.load_plugin(p)                       # duplicate
    r2 = default_registry()
    r2.load_plugin(p)                          # same file into another registry is fine
    (tmp_path / "noreg.py").write_text("X = 1\n")
    (tmp_path / "syntax.py").write_text("def register(r:\n")
    (tmp_path / "boom.py").write_text("raise RuntimeError('boom')\n")
    (tmp_path / "regboom.py").write_text("def register(r):\n    raise ValueError('nope')\n")
    (tmp_path / "badcls.py").write_text("def register(r):\n    r.add(int)\n")
    (tmp_path / "dupbuiltin.py").write_text(PLUGIN.format(cls="C", name="csv", ext=None, desc="x"))
    for bad in ["noreg.py", "syntax.py", "boom.py", "regboom.py", "badcls.py", "dupbuiltin.py",
                "missing.py"]:
        with pytest.raises(FormatError):
            default_registry().load_plugin(str(tmp_path / bad))


def test_cli_plugins_and_order(tmp_path):
    d = tmp_path / "plugdir"
    d.mkdir()
    write_plugin(d / "b_second.py", "bee", ".bee")
    write_plugin(d / "a_first.py", "ay", None, desc="first one")
    write_plugin(d / "_hidden.py", "hidden")
    (d / "notes.txt").write_text("not a plugin")
    single = write_plugin(tmp_path / "single.py", "solo", ".solo")
    cli1 = write_plugin(tmp_path / "cli1.py", "cli-one", ".c1")
    cli2 = write_plugin(tmp_path / "cli2.py", "cli_two", ".c2")
    log = tmp_path / "order.log"
    env = {"TABREP_PLUGINS": os.pathsep.join([str(d), "", single]), "ORDER_LOG": str(log)}
    rc, out, err = tabrep("--list-formats", "--plugin", cli2, "--plugin", cli1, env=env)
    assert rc == 0, err
    assert log.read_text().split() == ["ay", "bee", "solo", "cli_two", "cli-one"]
    lines = out.splitlines()
    assert lines == sorted(lines)
    assert "ay\t-\tfirst one" in lines
    assert "csv\t.csv\tcomma-separated values" not in lines or True
    names = [l.split("\t")[0] for l in lines]
    assert names == sorted(["ay", "bee", "solo", "cli_two", "cli-one", "csv", "tsv", "json",
                            "jsonl", "markdown", "html", "text"])
    for l in lines:
        assert len(l.split("\t")) == 3
    assert "markdown\t.md\t" in out and "text\t.txt\t" in out
    rc, out, err = tabrep(SALES, "--format", "bee", "-O", "bang=3", env=env)
    assert rc == 0 and out == "bee:date,region,product,qty,price,note:7!!!\n"
    outp = tmp_path / "r.SOLO"
    rc, out, err = tabrep(SALES, "--output", str(outp), "--where", "region=west", env=env)
    assert rc == 0 and out == "" and outp.read_text() == "solo:date,region,product,qty,price,note:4\n"
    # duplicate between env plugin and --plugin
    dup = write_plugin(tmp_path / "dup.py", "bee")
    assert_error(*tabrep(SALES, "--plugin", dup, env=env))
    assert_error(*tabrep("--list-formats", "--plugin", str(tmp_path / "nope.py")))
    (tmp_path / "broken.py").write_text("import nonexistent_module_xyz\n")
    assert_error(*tabrep(SALES, "--plugin", str(tmp_path / "broken.py")))


def test_cli_formats_on_sales(tmp_path):
    from tabrep.reader import read_csv
    t = read_csv(SALES)
    for name, ref in [("csv", ref_csv), ("tsv", ref_tsv), ("json", ref_json), ("jsonl", ref_jsonl),
                      ("markdown", ref_md), ("html", ref_html), ("text", render_text)]:
        rc, out, err = tabrep(SALES, "--format", name)
        assert rc == 0, err
        assert out == ref(t), name  # hz:obs
    rc, out, _ = tabrep(SALES)
    assert out == render_text(t)
    rc, out, _ = tabrep(SALES, "--format", "csv", "-O", "delimiter=;", "--option", "header=false",
                        "-O", "delimiter=|")
    assert out == ref_csv(t, "|", False)  # hz:obs
    rc, out, _ = tabrep(SALES, "--group-by", "product", "--agg", "qty:sum", "--agg", "price:mean",
                        "--sort=-qty_sum", "--format", "json", "-O", "indent=1")
    assert json.loads(out) == [{"product": "widget", "qty_sum": 24, "price_mean": 2.4375},
                               {"product": "gizmo", "qty_sum": 12, "price_mean": 7.0},
                               {"product": "gadget", "qty_sum": 1, "price_mean": 19.99}]
    assert out.startswith('[\n {\n  "product": "widget"')
    rc, out, _ = tabrep(SALES, "--format", "html", "-O", "class=")
    assert out.startswith('<table class="">\n')


def test_cli_output_files(tmp_path):
    from tabrep.reader import read_csv
    t = read_csv(SALES)
    for fn, ref in [("a.csv", ref_csv), ("b.MD", ref_md), ("c.jsonl", ref_jsonl), ("d.json", ref_json),
                    ("e.html", ref_html), ("f.tsv", ref_tsv), ("g.txt", render_text)]:
        p = tmp_path / fn
        rc, out, err = tabrep(SALES, "--output", str(p))
        assert rc == 0 and out == "", err
        assert p.read_bytes().decode("utf-8") == ref(t), fn  # hz:obs
    p = tmp_path / "x.csv"
    rc, out, err = tabrep(SALES, "--output", str(p), "--format", "markdown")
    assert rc == 0 and p.read_text() == ref_md(t)  # hz:obs
    p = tmp_path / "whatever.bin"
    rc, out, err = tabrep(SALES, "--output", str(p), "--format", "json")
    assert rc == 0 and json.loads(p.read_text())[0]["qty"] == 10
    p.write_text("old")
    for f in ["noext", "y.xlsx"]:
        assert_error(*tabrep(SALES, "--output", str(tmp_path / f)))
        assert not (tmp_path / f).exists()
    assert_error(*tabrep(SALES, "--output", str(tmp_path / "nodir" / "a.csv")))
    assert_error(*tabrep(SALES, "--output", str(tmp_path / "z.csv"), "-O", "bogus=1"))
    assert not (tmp_path / "z.csv").exists()


@pytest.mark.parametrize("args", [
    ["--format", "yaml"], ["--format", "csv", "-O", "delimiter=;;"], ["--format", "csv", "-O", "nodelim"],
    ["--format", "json", "-O", "indent=x"], ["-O", "x=1"], ["--format", "tsv", "-O", "header=no"],
    ["--format", "markdown", "-O", "class=a"],
])
def test_cli_errors(args):
    assert_error(*tabrep(SALES, *args))


def test_file_required_without_list():
    rc, out, err = tabrep()
    assert rc == 2 and out == ""
    rc, out, err = tabrep("--list-formats")
    assert rc == 0 and len(out.splitlines()) == 7


def test_existing_behaviour():
    rc, out, err = tabrep(SALES, "--sort", "nope")
    assert rc == 2 and err.startswith("tabrep: error:")
    rc, out, err = tabrep("/app/nonexistent.csv")
    assert_error(rc, out, err)
