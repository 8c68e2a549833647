"""minisql: a small SQL query engine over CSV tables.

    from minisql import Database, SQLError
    db = Database("/path/to/dir")          # loads every <table>.csv in the directory
    rows = db.execute("SELECT ...")         # -> list of tuples
"""
from .errors import SQLError
from .database import Database

__all__ = ["Database", "SQLError"]
