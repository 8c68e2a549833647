"""Hidden verifier for build-sql-csv-engine.

Generates (seeded) CSV tables and hundreds of SELECT statements, computes the
expected results with sqlite3 and compares them with the output of /app/sql.
"""
import csv
import io
import json
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

APP = os.environ.get("APP_SQL", "/app/sql")
SEED = int(os.environ.get("SEED", "777"))

FIRST = ["ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo", "kim", "lou", "max",
         "ned", "ola", "pat", "quinn", "ray", "sue", "tom", "Ursula", "Vic", "wes", "Xena", "yan", "zoe"]
CITIES = ["Oslo", "Lima", "Rome", "Kyiv", "Pune", "oslo", "Quito", "San Jose", "Bern"]
REGIONS = ["north", "south", "east", "west"]
TITLES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


# ------------------------------------------------------------------ data
def make_tables(rng):
    t = {}
    emp_cols = [("id", "INTEGER"), ("name", "TEXT"), ("dept_id", "INTEGER"), ("salary", "REAL"),
                ("age", "INTEGER"), ("city", "TEXT"), ("manager_id", "INTEGER")]
    emp = []
    for i in range(1, 61):
        emp.append([
            i,
            rng.choice(FIRST) + ("" if rng.random() < 0.7 else " " + rng.choice(FIRST)),
            None if rng.random() < 0.1 else rng.randint(1, 9),
            None if rng.random() < 0.1 else round(rng.uniform(1000, 9000), rng.choice([0, 1, 2])),
            None if rng.random() < 0.08 else rng.randint(18, 70),
            None if rng.random() < 0.1 else rng.choice(CITIES),
            None if rng.random() < 0.25 else rng.randint(1, 60),
        ])
    t["emp"] = (emp_cols, emp)
    dept_cols = [("id", "INTEGER"), ("name", "TEXT"), ("budget", "REAL"), ("region", "TEXT")]
    dept = []
    for i in range(1, 9):
        dept.append([i, "dept_" + rng.choice(TITLES) + str(i),
                     None if rng.random() < 0.15 else float(rng.randint(10, 500) * 100),
                     None if rng.random() < 0.1 else rng.choice(REGIONS)])
    dept.append([11, "orphan", 5.5, "south"])
    t["dept"] = (dept_cols, dept)
    proj_cols = [("id", "INTEGER"), ("emp_id", "INTEGER"), ("title", "TEXT"), ("hours", "INTEGER"),
                 ("rate", "REAL")]
    proj = []
    for i in range(1, 91):
        proj.append([100 + i, None if rng.random() < 0.05 else rng.randint(1, 70),
                     rng.choice(TITLES) + ("" if rng.random() < 0.6 else "-" + rng.choice(TITLES)),
                     None if rng.random() < 0.1 else rng.randint(0, 40),
                     None if rng.random() < 0.1 else rng.choice([0.5, 1.25, 2.0, 3.75, 10.0, -1.5])])
    t["proj"] = (proj_cols, proj)
    notes_cols = [("id", "INTEGER"), ("body", "TEXT"), ("tag", "TEXT")]
    bodies = ['plain', 'has, comma', 'say "hi"', 'multi\nline', '', ' padded ', 'x%y_z', "it's",
              'UPPER lower', 'a,"b",c', 'tab\there']
    notes = []
    for i, b in enumerate(bodies, 1):
        notes.append([i, b, None if i % 3 == 0 else ("" if i % 4 == 0 else rng.choice(["red", "Red", "blue"]))])
    notes.append([len(bodies) + 1, None, "red"])
    t["notes"] = (notes_cols, notes)
    return t


def write_csv(path, cols, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(",".join("%s:%s" % c for c in cols) + "\n")
        for row in rows:
            out = []
            for v, (_, typ) in zip(row, cols):
                if v is None:
                    out.append("")
                elif isinstance(v, str):
                    if v == "" or any(ch in v for ch in ',"\n\t') or v != v.strip() or random.random() < 0.2:
                        out.append('"' + v.replace('"', '""') + '"')
                    else:
                        out.append(v)
                elif typ == "REAL" and float(v).is_integer() and random.random() < 0.5:
                    out.append(str(int(v)))
                else:
                    out.append(repr(v) if isinstance(v, float) else str(v))
            f.write(",".join(out) + ("\r\n" if random.random() < 0.1 else "\n"))


def load_sqlite(tables):
    db = sqlite3.connect(":memory:")
    for name, (cols, rows) in tables.items():
        db.execute("CREATE TABLE %s (%s)" % (name, ", ".join("%s %s" % c for c in cols)))
        db.executemany("INSERT INTO %s VALUES (%s)" % (name, ",".join("?" * len(cols))),
                       [[float(v) if typ == "REAL" and v is not None else v
                         for v, (_, typ) in zip(r, cols)] for r in rows])
    return db


# ------------------------------------------------------------------ query generator
NUMCOLS = {"emp": ["id", "dept_id", "salary", "age", "manager_id"], "dept": ["id", "budget"],
           "proj": ["id", "emp_id", "hours", "rate"], "notes": ["id"]}
INTCOLS = {"emp": ["id", "dept_id", "age", "manager_id"], "dept": ["id"], "proj": ["id", "emp_id", "hours"],
           "notes": ["id"]}
TEXTCOLS = {"emp": ["name", "city"], "dept": ["name", "region"], "proj": ["title"], "notes": ["body", "tag"]}


class QGen:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def col(self, srcs, kind):
        """srcs: list of (alias, table). kind: num/int/text."""
        alias, table = self.pick(srcs)
        pool = {"num": NUMCOLS, "int": INTCOLS, "text": TEXTCOLS}[kind][table]
        return "%s.%s" % (alias, self.pick(pool))

    def num_expr(self, srcs, depth=2):
        r = self.r.random()
        if depth <= 0 or r < 0.35:
            return self.col(srcs, "num")
        if r < 0.45:
            return self.pick(["1", "2", "3", "10", "0", "2.5", "0.5", "-1", "100"])
        if r < 0.75:
            op = self.pick(["+", "-", "*", "/", "%", "*", "+"])
            if op == "%":
                return "(%s %% %s)" % (self.col(srcs, "int"), self.pick(["2", "3", "7", "0", "-4"]))
            return "(%s %s %s)" % (self.num_expr(srcs, depth - 1), op, self.num_expr(srcs, depth - 1))
        if r < 0.8:
            return "-%s" % self.num_expr(srcs, depth - 1)
        if r < 0.85:
            return "ABS(%s)" % self.num_expr(srcs, depth - 1)
        if r < 0.9:
            return "COALESCE(%s, %s)" % (self.col(srcs, "num"), self.num_expr(srcs, depth - 1))
        if r < 0.93:
            return "LENGTH(%s)" % self.col(srcs, "text")
        if r < 0.96:
            return "CASE WHEN %s THEN %s ELSE %s END" % (self.pred(srcs, 1), self.num_expr(srcs, depth - 1),
                                                         self.num_expr(srcs, depth - 1))
        if r < 0.98:
            return "ROUND(%s)" % self.num_expr(srcs, depth - 1)
        return "CAST(%s AS INTEGER)" % self.num_expr(srcs, depth - 1)

    def text_expr(self, srcs, depth=1):
        r = self.r.random()
        if depth <= 0 or r < 0.45:
            return self.col(srcs, "text")
        if r < 0.55:
            return "UPPER(%s)" % self.col(srcs, "text")
        if r < 0.62:
            return "LOWER(%s)" % self.col(srcs, "text")
        if r < 0.7:
            return "(%s || '-' || %s)" % (self.col(srcs, "text"), self.pick([self.col(srcs, "text"), self.col(srcs, "int")]))
        if r < 0.77:
            return "SUBSTR(%s, %d, %d)" % (self.col(srcs, "text"), self.r.randint(1, 3), self.r.randint(0, 4))
        if r < 0.82:
            return "SUBSTR(%s, %d)" % (self.col(srcs, "text"), self.r.randint(1, 4))
        if r < 0.87:
            return "COALESCE(%s, 'none')" % self.col(srcs, "text")
        if r < 0.91:
            return "REPLACE(%s, 'a', 'A')" % self.col(srcs, "text")
        if r < 0.95:
            return "TRIM(%s)" % self.col(srcs, "text")
        return "CASE %s WHEN 'Oslo' THEN 'O' WHEN 'north' THEN 'N' ELSE 'other' END" % self.col(srcs, "text")

    def pred(self, srcs, depth=2):
        r = self.r.random()
        if depth > 0 and r < 0.2:
            op = self.pick(["AND", "OR"])
            return "(%s %s %s)" % (self.pred(srcs, depth - 1), op, self.pred(srcs, depth - 1))
        if depth > 0 and r < 0.25:
            return "NOT %s" % self.pred(srcs, depth - 1)
        r = self.r.random()
        if r < 0.35:
            op = self.pick(["=", "<>", "<", "<=", ">", ">=", "!=", "=="])
            return "%s %s %s" % (self.num_expr(srcs, 1), op, self.pick([self.num_expr(srcs, 1), str(self.r.randint(0, 60)), "3000.5"]))
        if r < 0.45:
            op = self.pick(["=", "<>", "<", ">="])
            return "%s %s %s" % (self.col(srcs, "text"), op, self.pick(["'Oslo'", "'m'", "'north'", "'beta'", self.col(srcs, "text")]))
        if r < 0.55:
            return "%s IS %sNULL" % (self.pick([self.col(srcs, "num"), self.col(srcs, "text")]), self.pick(["", "NOT "]))
        if r < 0.65:
            return "%s %sLIKE '%s'" % (self.col(srcs, "text"), self.pick(["", "NOT "]),
                                      self.pick(["%a%", "b%", "%o", "_o%", "%E%", "o_l_", "%", "%-%", "%\\_%", "%,%"]))
        if r < 0.75:
            items = [str(self.r.randint(0, 10)) for _ in range(self.r.randint(1, 4))]
            if self.r.random() < 0.3:
                items.append("NULL")
            return "%s %sIN (%s)" % (self.col(srcs, "int"), self.pick(["", "NOT "]), ", ".join(items))
        if r < 0.8:
            return "%s IN ('Oslo', 'Lima', 'north', 'beta')" % self.col(srcs, "text")
        if r < 0.9:
            a = self.r.randint(0, 40)
            return "%s %sBETWEEN %d AND %d" % (self.col(srcs, "num"), self.pick(["", "NOT "]), a, a + self.r.randint(0, 30))
        if r < 0.95:
            return "%s IS %s" % (self.col(srcs, "int"), self.pick(["NULL", "3", self.col(srcs, "int")]))
        return "COALESCE(%s, 0) > %d" % (self.col(srcs, "num"), self.r.randint(0, 50))

    def from_clause(self):
        r = self.r.random()
        if r < 0.3:
            t = self.pick(["emp", "emp", "proj", "dept", "notes"])
            a = self.pick(["t", "x", t])
            return "%s %s" % (t, a) if a != t else t, [(a, t)]
        if r < 0.55:
            kind = self.pick(["JOIN", "LEFT JOIN", "INNER JOIN", "LEFT OUTER JOIN"])
            extra = ""
            if self.r.random() < 0.25:
                extra = " AND d.budget > %d" % self.r.randint(1000, 30000)
            return "emp e %s dept d ON e.dept_id = d.id%s" % (kind, extra), [("e", "emp"), ("d", "dept")]
        if r < 0.7:
            kind = self.pick(["JOIN", "LEFT JOIN"])
            return "emp e %s proj p ON p.emp_id = e.id" % kind, [("e", "emp"), ("p", "proj")]
        if r < 0.8:
            k1, k2 = self.pick(["JOIN", "LEFT JOIN"]), self.pick(["JOIN", "LEFT JOIN"])
            return ("emp e %s dept d ON e.dept_id = d.id %s proj p ON p.emp_id = e.id" % (k1, k2),
                    [("e", "emp"), ("d", "dept"), ("p", "proj")])
        if r < 0.85:
            return "emp e JOIN emp m ON e.manager_id = m.id", [("e", "emp"), ("m", "emp")]
        if r < 0.9:
            return "dept d, notes n", [("d", "dept"), ("n", "notes")]
        if r < 0.95:
            return ("emp e LEFT JOIN proj p ON p.emp_id = e.id AND p.hours > %d" % self.r.randint(5, 30),
                    [("e", "emp"), ("p", "proj")])
        return "dept d JOIN emp e ON e.dept_id = d.id AND e.age < d.id * 8", [("d", "dept"), ("e", "emp")]

    def plain_query(self):
        frm, srcs = self.from_clause()
        n = self.r.randint(1, 4)
        cols = []
        for i in range(n):
            e = self.pick([self.num_expr, self.text_expr, self.num_expr])(srcs)
            cols.append("%s AS c%d" % (e, i) if self.r.random() < 0.5 else e)
        sql = "SELECT %s%s FROM %s" % ("DISTINCT " if self.r.random() < 0.15 else "", ", ".join(cols), frm)
        if self.r.random() < 0.8:
            sql += " WHERE " + self.pred(srcs)
        sql += self.order_limit(n)
        return sql

    def order_limit(self, n, prefix_terms=()):
        terms = list(prefix_terms)
        r = self.r.random()
        if r < 0.2:
            return ""
        terms += ["%d%s" % (i, self.pick(["", " DESC", " ASC"])) for i in self.r.sample(range(1, n + 1), n)]
        sql = " ORDER BY " + ", ".join(terms)
        if self.r.random() < 0.4:
            sql += " LIMIT %d" % self.r.randint(0, 12)
            if self.r.random() < 0.4:
                sql += " OFFSET %d" % self.r.randint(0, 5)
        return sql

    def agg(self, srcs):
        r = self.r.random()
        if r < 0.2:
            return "COUNT(*)"
        if r < 0.3:
            return "COUNT(%s)" % self.pick([self.col(srcs, "num"), self.col(srcs, "text")])
        if r < 0.37:
            return "COUNT(DISTINCT %s)" % self.pick([self.col(srcs, "int"), self.col(srcs, "text")])
        if r < 0.55:
            return "SUM(%s)" % self.num_expr(srcs, 1)
        if r < 0.7:
            return "AVG(%s)" % self.num_expr(srcs, 1)
        if r < 0.8:
            return "MIN(%s)" % self.pick([self.num_expr(srcs, 1), self.col(srcs, "text")])
        if r < 0.9:
            return "MAX(%s)" % self.pick([self.num_expr(srcs, 1), self.col(srcs, "text")])
        if r < 0.95:
            return "SUM(CASE WHEN %s THEN 1 ELSE 0 END)" % self.pred(srcs, 1)
        return "(MAX(%s) - MIN(%s))" % (self.col(srcs, "int"), self.col(srcs, "int"))

    def group_query(self):
        frm, srcs = self.from_clause()
        keys = [self.pick([self.col(srcs, "int"), self.col(srcs, "text"), self.text_expr(srcs),
                           "(%s %% 3)" % self.col(srcs, "int")]) for _ in range(self.r.randint(0, 2))]
        keys = list(dict.fromkeys(keys))
        aggs = [self.agg(srcs) for _ in range(self.r.randint(1, 3))]
        cols = ["%s AS k%d" % (k, i) for i, k in enumerate(keys)] + ["%s AS a%d" % (a, i) for i, a in enumerate(aggs)]
        sql = "SELECT %s FROM %s" % (", ".join(cols), frm)
        if self.r.random() < 0.5:
            sql += " WHERE " + self.pred(srcs)
        if keys:
            sql += " GROUP BY " + ", ".join(keys)
            if self.r.random() < 0.4:
                sql += " HAVING %s %s %d" % (self.pick(["COUNT(*)", "SUM(%s)" % self.col(srcs, "int"), "MAX(%s)" % self.col(srcs, "int")]),
                                             self.pick([">", ">=", "<", "="]), self.r.randint(0, 5))
        prefix = []
        if self.r.random() < 0.3 and keys:
            prefix = [self.pick(["COUNT(*) DESC", "a0", "k0 DESC"])]
        sql += self.order_limit(len(cols), prefix)
        return sql

    def subquery_query(self):
        r = self.r.random()
        if r < 0.4:
            inner = ("SELECT dept_id, COUNT(*) AS n, AVG(salary) AS avg_sal, MAX(age) AS oldest FROM emp "
                     "WHERE %s GROUP BY dept_id" % self.pred([("emp", "emp")], 1))
            kind = self.pick(["JOIN", "LEFT JOIN"])
            sql = ("SELECT d.name, s.n, s.avg_sal, s.oldest FROM dept d %s (%s) AS s ON s.dept_id = d.id"
                   % (kind, inner))
            if self.r.random() < 0.5:
                sql += " WHERE s.n > %d OR s.n IS NULL" % self.r.randint(0, 4)
            return sql + self.order_limit(4)
        if r < 0.7:
            inner = "SELECT e.id AS eid, e.name AS ename, p.hours * COALESCE(p.rate, 1) AS cost FROM emp e JOIN proj p ON p.emp_id = e.id"
            sql = "SELECT ename, SUM(cost) AS total, COUNT(*) AS c FROM (%s) t GROUP BY eid, ename" % inner
            if self.r.random() < 0.5:
                sql += " HAVING SUM(cost) > %d" % self.r.randint(0, 60)
            return sql + self.order_limit(3)
        inner = "SELECT * FROM emp WHERE %s" % self.pred([("emp", "emp")], 1)
        sql = "SELECT q.city, COUNT(*) AS c, MIN(q.name) AS first FROM (SELECT * FROM (%s) AS z) AS q GROUP BY q.city" % inner
        return sql + self.order_limit(3)

    def star_query(self):
        r = self.r.random()
        if r < 0.4:
            return "SELECT * FROM %s WHERE %s" % (self.pick(["notes", "dept"]), self.pick(["id > 2", "id <= 5", "1"]))
        if r < 0.7:
            return "SELECT d.*, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id AND e.age > 60"
        return "SELECT * FROM dept d JOIN notes n ON n.id = d.id ORDER BY 1 DESC LIMIT 3"

    def query(self):
        r = self.r.random()
        if r < 0.42:
            return self.plain_query()
        if r < 0.8:
            return self.group_query()
        if r < 0.93:
            return self.subquery_query()
        return self.star_query()


FIXED = [
    "SELECT 1 + 2, 7 / 2, 7.0 / 2, -7 / 2, 7 % 3, -7 % 3, 5.5 % 2, 1 / 0, 3 % 0",
    "SELECT 'it''s', 'a' || 'b' || 1, NULL || 'x', 2 * NULL, NULL = NULL, NULL IS NULL, 1 IS 1, 1 IS NOT NULL",
    "SELECT NULL AND 0, NULL AND 1, NULL OR 1, NULL OR 0, NOT NULL, 1 AND 2, 0 OR 0",
    "SELECT 2 IN (1, 2), 3 IN (1, 2), 3 IN (1, NULL), 3 NOT IN (1, NULL), NULL IN (1), 1 NOT IN (2, 3)",
    "SELECT 'abc' LIKE 'A%', 'abc' LIKE '_b_', 'abc' LIKE 'b%', 'a%c' LIKE 'a%', 'ABC' NOT LIKE '%c'",
    "SELECT 5 BETWEEN 1 AND 5, 0 BETWEEN 1 AND 5, NULL BETWEEN 1 AND 2, 3 NOT BETWEEN 1 AND 2",
    "SELECT ROUND(2.5), ROUND(-2.5), ROUND(2.4999), ROUND(7), ABS(-3), ABS(-2.5), LENGTH('hello'), UPPER('aBc'), LOWER('AbC')",
    "SELECT COALESCE(NULL, NULL, 3), IFNULL(NULL, 'x'), NULLIF(1, 1), NULLIF(1, 2), SUBSTR('hello', 2, 3), SUBSTR('hello', 3), REPLACE('banana', 'an', 'AN'), TRIM('  x  ')",
    "SELECT CAST(3.9 AS INTEGER), CAST(-3.9 AS INTEGER), CAST(3 AS REAL), CAST(42 AS TEXT), CAST('17' AS INTEGER)",
    "SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' END, CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' ELSE 'other' END, CASE NULL WHEN NULL THEN 1 ELSE 0 END, CASE WHEN 0 THEN 1 END",
    "SELECT 1 + 2 * 3, (1 + 2) * 3, 2 * 3 || 4, 10 - 2 - 3, 2 < 3 = 1, 1 = 1 < 2, - - 3, 1e2, .5 + 1",
    "SELECT 1 < 2 AND 3 < 4 OR 0, NOT 1 = 2, NOT 0 AND 0",
    "SELECT COUNT(*), COUNT(manager_id), SUM(age), AVG(age), MIN(name), MAX(salary), COUNT(DISTINCT city) FROM emp",
    "SELECT COUNT(*), SUM(age), AVG(age), MIN(age), MAX(age) FROM emp WHERE id < 0",
    "SELECT dept_id, COUNT(*) FROM emp WHERE id < 0 GROUP BY dept_id",
    "SELECT id, body, tag, tag IS NULL, tag = '', LENGTH(body) FROM notes ORDER BY id",
    "SELECT id FROM notes WHERE body LIKE '%,%' OR body LIKE '%\"%' ORDER BY id",
    "SELECT city, COUNT(*) FROM emp GROUP BY city ORDER BY city",
    "SELECT city, COUNT(*) AS n FROM emp GROUP BY city ORDER BY n DESC, city",
    "SELECT city FROM emp ORDER BY city DESC, id LIMIT 10",
    "SELECT DISTINCT city FROM emp ORDER BY 1",
    "SELECT DISTINCT dept_id, city FROM emp ORDER BY 1, 2",
    "SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id ORDER BY e.id",
    "SELECT e.id, m.id FROM emp e LEFT JOIN emp m ON e.manager_id = m.id AND m.age > e.age ORDER BY 1",
    "SELECT d.id, COUNT(e.id), COUNT(*), SUM(e.salary) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id",
    "SELECT d.region, COUNT(*) FROM dept d GROUP BY d.region HAVING COUNT(*) > 1 ORDER BY 1",
    "SELECT name FROM emp WHERE age > 30 AND city = 'Oslo' OR dept_id = 3 ORDER BY 1",
    "SELECT id, salary FROM emp ORDER BY salary, id LIMIT 5 OFFSET 3",
    "SELECT id FROM emp ORDER BY id LIMIT 0",
    "SELECT t.a, t.b FROM (SELECT id AS a, age * 2 AS b FROM emp WHERE age IS NOT NULL) AS t WHERE t.b > 100 ORDER BY t.a",
    "SELECT x.c FROM (SELECT city AS c FROM emp GROUP BY city) x ORDER BY 1 DESC",
    "SELECT COUNT(*) FROM emp, dept",
    "SELECT COUNT(*) FROM emp CROSS JOIN dept WHERE emp.dept_id = dept.id",
    "SELECT emp.name, dept.name FROM emp JOIN dept ON emp.dept_id = dept.id ORDER BY emp.id",
    "SELECT age / 10 AS decade, COUNT(*) FROM emp GROUP BY age / 10 ORDER BY decade",
    "SELECT age % 7, SUM(salary) FROM emp GROUP BY 1 ORDER BY 1",
    "SELECT MAX(age) - MIN(age), SUM(age) / COUNT(age) FROM emp",
    "select Name from EMP where ID = 3",
    "SELECT * FROM notes WHERE id = 4",
    "SELECT p.title, COUNT(*) AS c FROM proj p GROUP BY p.title HAVING c > 1 ORDER BY c DESC, p.title",
    "SELECT e.name, p.title FROM emp e JOIN proj p ON e.id = p.emp_id WHERE p.hours BETWEEN 10 AND 20 ORDER BY 1, 2",
    "SELECT SUM(hours * rate), TOTAL(hours), SUM(rate) FROM proj",
    "SELECT id FROM emp WHERE dept_id IN (1, 3, NULL) ORDER BY id",
    "SELECT id FROM emp WHERE dept_id NOT IN (1, 3) ORDER BY id",
    "SELECT 1",
    "SELECT MIN(salary), MAX(name) FROM emp WHERE dept_id IS NULL",
]

ERROR_QUERIES = [
    "SELECT nosuch FROM emp",
    "SELECT * FROM nosuchtable",
    "SELECT id FROM emp e JOIN dept d ON e.dept_id = d.id",
    "SELECT name FROM emp WHERE COUNT(*) > 1",
    "SELEC name FROM emp",
    "SELECT name FROM emp WHERE",
    "SELECT (1 + 2 FROM emp",
    "SELECT e.name FROM emp",
    "SELECT x.id FROM emp e",
    "SELECT FOO(1)",
    "SELECT name FROM emp ORDER BY",
]


def norm(v):
    return v


def rows_equal(exp, act, ordered):
    if not isinstance(act, list) or len(exp) != len(act):
        return False
    if not ordered:
        key = lambda row: [(0, "", 0) if v is None else (1, round(v, 6), isinstance(v, float)) if isinstance(v, (int, float)) else (2, v, 0) for v in row]
        try:
            exp = sorted(exp, key=key)
            act = sorted(act, key=key)
        except Exception:
            return False
    for er, ar in zip(exp, act):
        if not isinstance(ar, list) or len(er) != len(ar):
            return False
        for ev, av in zip(er, ar):
            if isinstance(ev, float):
                if not isinstance(av, float) or not math.isclose(ev, av, rel_tol=1e-9, abs_tol=1e-9):
                    return False
            elif isinstance(ev, bool) or isinstance(av, bool):
                return False
            elif isinstance(ev, int):
                if not isinstance(av, int) or isinstance(av, bool) or av != ev:
                    return False
            elif ev != av or type(av) is not type(ev):
                return False
    return True


def run_app(data_dir, sql_text, timeout):
    try:
        p = subprocess.run([APP, data_dir], input=sql_text.encode(), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    except OSError as e:
        return None, str(e)
    lines = p.stdout.decode("utf-8", errors="replace").splitlines()
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append({"garbled": line})
    return out, p.stderr.decode(errors="replace")[-500:]


def perf_check(tmp, rng):
    d = os.path.join(tmp, "big")
    os.makedirs(d)
    n = 20000
    a_rows = [[i, rng.randint(0, 4999), rng.choice(CITIES), round(rng.uniform(0, 100), 2)] for i in range(n)]
    b_rows = [[i, rng.randint(0, 199), "g%d" % (i % 37)] for i in range(5000)] * 4
    a_cols = [("id", "INTEGER"), ("bid", "INTEGER"), ("city", "TEXT"), ("v", "REAL")]
    b_cols = [("id", "INTEGER"), ("grp", "INTEGER"), ("label", "TEXT")]
    write_csv(os.path.join(d, "big_a.csv"), a_cols, a_rows)
    write_csv(os.path.join(d, "big_b.csv"), b_cols, b_rows)
    db = load_sqlite({"big_a": (a_cols, a_rows), "big_b": (b_cols, b_rows)})
    queries = [
        "SELECT b.grp, COUNT(*), SUM(a.v) FROM big_a a JOIN big_b b ON a.bid = b.id GROUP BY b.grp ORDER BY 1",
        "SELECT a.city, COUNT(b.id) FROM big_a a LEFT JOIN big_b b ON b.id = a.id + 5000 GROUP BY a.city ORDER BY 1",
        "SELECT COUNT(*) FROM big_a a JOIN big_b b ON a.bid = b.id WHERE b.label = 'g3' AND a.v > 50",
    ]
    expected = [db.execute(q).fetchall() for q in queries]
    t0 = time.time()
    out, err = run_app(d, ";\n".join(queries) + ";\n", 30)
    took = time.time() - t0
    if out is None or len(out) != len(queries):
        print("PERF FAIL: no/short output (%s)" % err)
        return False
    for q, exp, act in zip(queries, expected, out):
        if not rows_equal([list(r) for r in exp], act.get("rows"), True):
            print("PERF WRONG RESULT:", q)
            return False
    print("perf queries took %.1f s" % took)
    if took > 20:
        print("PERF FAIL: too slow (%.1f s > 20 s)" % took)
        return False
    return True


def main():
    if not os.path.exists(APP):
        print("FAIL: %s does not exist" % APP)
        return 1
    rng = random.Random(SEED)
    random.seed(SEED)
    tables = make_tables(rng)
    tmp = tempfile.mkdtemp()
    try:
        for name, (cols, rows) in tables.items():
            write_csv(os.path.join(tmp, name + ".csv"), cols, rows)
        db = load_sqlite(tables)
        gen = QGen(rng)
        queries = list(FIXED)
        seen = set(queries)
        attempts = 0
        while len(queries) < 650 and attempts < 10000:
            attempts += 1
            q = gen.query()
            if q in seen:
                continue
            try:
                db.execute(q).fetchall()
            except sqlite3.Error as e:
                continue
            seen.add(q)
            queries.append(q)
        cases = []
        for q in queries:
            exp = [list(r) for r in db.execute(q).fetchall()]
            # generated ORDER BY clauses always end with every output column, so
            # the order is fully determined
            cases.append((q, exp, "ORDER BY" in q.upper()))
        for q in ERROR_QUERIES:
            try:
                db.execute(q).fetchall()
                raise SystemExit("error query unexpectedly valid: " + q)
            except sqlite3.Error:
                pass
            cases.append((q, "ERROR", False))
        rng.shuffle(cases)
        script = "".join(q + ";\n" for q, _, _ in cases)
        if os.environ.get("DUMP"):
            open(os.environ["DUMP"], "w").write(script)
        t0 = time.time()
        out, err = run_app(tmp, script, 120)
        print("main run took %.1f s for %d statements" % (time.time() - t0, len(cases)))
        if err and err.strip():
            print("stderr:", err)
        if out is None:
            print("FAIL: program failed:", err)
            return 1
        bad = 0
        for i, (q, exp, ordered) in enumerate(cases):
            act = out[i] if i < len(out) else None
            if exp == "ERROR":
                ok = isinstance(act, dict) and "error" in act and "rows" not in act
            else:
                ok = isinstance(act, dict) and "rows" in act and rows_equal(exp, act["rows"], ordered)
            if not ok:
                bad += 1
                if bad <= 10:
                    print("MISMATCH:", q, "\n  expected:", str(exp)[:400], "\n  actual:  ", str(act)[:400])
        if len(out) != len(cases):
            print("output has %d lines for %d statements" % (len(out), len(cases)))
            bad += 1
        print("%d/%d statements correct" % (len(cases) - bad, len(cases)))
        if bad:
            return 1
        return 0 if perf_check(tmp, rng) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
