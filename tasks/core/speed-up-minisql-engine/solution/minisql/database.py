from .binder import Binder
from .executor import Executor
from .parser import parse
from .storage import load_dir


class Database:
    """A read-only database: every <name>.csv in `path` becomes table <name>."""

    def __init__(self, path):
        self.tables = load_dir(path)
        self._tuples = {name: [tuple(r) for r in t.rows] for name, t in self.tables.items()}
        self._indexes = {}

    def tuples(self, name):
        t = self._tuples.get(name)
        if t is None:
            t = self._tuples[name] = [tuple(r) for r in self.tables[name].rows]
        return t

    def index(self, name, column):
        """Hash index: value -> rows (as tuples, in table order) with that value; NULLs omitted."""
        key = (name, column)
        idx = self._indexes.get(key)
        if idx is None:
            i = self.tables[name].columns.index(column)
            idx = {}
            for r in self.tuples(name):
                v = r[i]
                if v is not None:
                    lst = idx.get(v)
                    if lst is None:
                        idx[v] = [r]
                    else:
                        lst.append(r)
            self._indexes[key] = idx
        return idx

    def execute(self, sql):
        """Run one SELECT statement and return its rows as a list of tuples."""
        select = parse(sql)
        Binder(self).check(select)
        return Executor(self).run(select)
