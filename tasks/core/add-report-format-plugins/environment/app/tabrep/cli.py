"""Command line."""
import argparse
import sys

from . import ops
from .reader import read_csv
from .render import render_text


class CliError(Exception):
    pass


def build_parser():
    p = argparse.ArgumentParser(prog="tabrep", description="Quick reports from CSV files.")
    p.add_argument("file", help="input CSV file")
    p.add_argument("--where", action="append", default=[], metavar="EXPR")
    p.add_argument("--group-by", metavar="COLS")
    p.add_argument("--agg", action="append", default=[], metavar="COL:FUNC")
    p.add_argument("--sort", metavar="COLS")
    p.add_argument("--limit", type=int, metavar="N")
    p.add_argument("--columns", metavar="COLS")
    return p


def run(args):
    try:
        table = read_csv(args.file)
    except OSError as e:
        raise CliError(f"cannot read {args.file}: {e.strerror}")
    try:
        if args.where:
            table = ops.where(table, args.where)
        if args.group_by:
            table = ops.group(table, [c.strip() for c in args.group_by.split(",")], args.agg)
        elif args.agg:
            raise CliError("--agg needs --group-by")
        if args.sort:
            table = ops.sort(table, args.sort)
        if args.limit is not None:
            table = ops.limit(table, args.limit)
        if args.columns:
            table = ops.select(table, [c.strip() for c in args.columns.split(",")])
    except (KeyError, ValueError) as e:
        raise CliError(str(e).strip("'\""))
    return table


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        table = run(args)
    except CliError as e:
        print(f"tabrep: error: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(render_text(table))
    return 0
