import sys

from .inventory import load_items
from .report import render


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python3 -m stockkeeper ITEMS.csv", file=sys.stderr)
        return 2
    sys.stdout.write(render(load_items(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
