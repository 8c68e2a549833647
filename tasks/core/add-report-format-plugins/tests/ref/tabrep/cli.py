"""Command line."""
import argparse
import os
import sys

from . import ops
from .formats import FormatError, default_registry
from .reader import read_csv


class CliError(Exception):
    pass


def build_parser():
    p = argparse.ArgumentParser(prog="tabrep", description="Quick reports from CSV files.")
    p.add_argument("file", nargs="?", help="input CSV file")
    p.add_argument("--where", action="append", default=[], metavar="EXPR")
    p.add_argument("--group-by", metavar="COLS")
    p.add_argument("--agg", action="append", default=[], metavar="COL:FUNC")
    p.add_argument("--sort", metavar="COLS")
    p.add_argument("--limit", type=int, metavar="N")
    p.add_argument("--columns", metavar="COLS")
    p.add_argument("--format", metavar="NAME", help="output format (default: text)")
    p.add_argument("-O", "--option", action="append", default=[], metavar="KEY=VALUE",
                   help="format option (repeatable)")
    p.add_argument("--output", metavar="PATH", help="write the output to PATH")
    p.add_argument("--plugin", action="append", default=[], metavar="PATH",
                   help="load a format plugin file (repeatable)")
    p.add_argument("--list-formats", action="store_true", help="list output formats and exit")
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


def plugin_paths(args):
    paths = []
    for entry in os.environ.get("TABREP_PLUGINS", "").split(os.pathsep):
        if not entry:
            continue
        if os.path.isdir(entry):
            for fn in sorted(os.listdir(entry)):
                if fn.endswith(".py") and not fn.startswith("_"):
                    paths.append(os.path.join(entry, fn))
        else:
            paths.append(entry)
    return paths + list(args.plugin)


def parse_options(items):
    opts = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"bad format option {item!r} (use KEY=VALUE)")
        opts[key] = value
    return opts


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        registry = default_registry()
        for path in plugin_paths(args):
            registry.load_plugin(path)
        if args.list_formats:
            for name in registry.names():
                cls = registry.get(name)
                print(f"{name}\t{cls.extension or '-'}\t{cls.description}")
            return 0
        if args.file is None:
            parser.error("the following arguments are required: file")
        if args.format is not None:
            cls = registry.get(args.format)
        elif args.output is not None:
            cls = registry.for_extension(os.path.splitext(args.output)[1])
        else:
            cls = registry.get("text")
        fmt = cls(parse_options(args.option))
        table = run(args)
        text = fmt.render(table)
        if args.output is not None:
            try:
                with open(args.output, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            except OSError as e:
                raise CliError(f"cannot write {args.output}: {e.strerror}")
        else:
            sys.stdout.write(text)
    except (CliError, FormatError) as e:
        print(f"tabrep: error: {e}", file=sys.stderr)
        return 2
    return 0
