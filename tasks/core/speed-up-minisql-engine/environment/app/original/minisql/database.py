from .binder import Binder
from .executor import Executor
from .parser import parse
from .storage import load_dir


class Database:
    """A read-only database: every <name>.csv in `path` becomes table <name>."""

    def __init__(self, path):
        self.tables = load_dir(path)

    def execute(self, sql):
        """Run one SELECT statement and return its rows as a list of tuples."""
        select = parse(sql)
        Binder(self).check(select)
        return Executor(self).run(select)
