"""Command line: python3 -m minisql DB_DIR "SELECT ..." prints one row per line."""
import sys

from . import Database, SQLError


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 -m minisql DB_DIR SQL")
    try:
        rows = Database(sys.argv[1]).execute(sys.argv[2])
    except SQLError as e:
        sys.exit(f"error: {e}")
    for r in rows:
        print("\t".join("NULL" if v is None else str(v) for v in r))


if __name__ == "__main__":
    main()
