"""Command-line entry point."""
import argparse
import os
import sys

from .errors import BuildError
from .executor import Executor
from .expand import Expander
from .graph import RuleIndex, build_graph
from .parser import Parser
from .variables import VariableStore

DEFAULT_FILES = ("Buildfile", "buildfile")


def build_parser():
    p = argparse.ArgumentParser(prog="mkb", description="A small make-like build tool.")
    p.add_argument("-f", "--file", help="read FILE as the build file")
    p.add_argument("-C", "--directory", help="change to DIR before doing anything")
    p.add_argument("-j", "--jobs", type=int, default=1, help="run N recipes at once")
    p.add_argument("-k", "--keep-going", action="store_true",
                   help="keep going when some targets can't be made")
    p.add_argument("-n", "--dry-run", action="store_true", help="print recipes, run nothing")
    p.add_argument("-s", "--silent", action="store_true", help="don't echo recipes")
    p.add_argument("args", nargs="*", help="VAR=value assignments and targets")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.directory:
            os.chdir(args.directory)
        if args.jobs < 1:
            raise BuildError("-j needs a positive number")
        variables = VariableStore()
        goals = []
        for a in args.args:
            name, eq, value = a.partition("=")
            if eq and name and " " not in name:
                variables.set_command_line(name, value)
            else:
                goals.append(a)
        expander = Expander(variables)
        filename = args.file
        if filename is None:
            filename = next((f for f in DEFAULT_FILES if os.path.exists(f)), None)
            if filename is None:
                raise BuildError("No targets specified and no Buildfile found.")
        model = Parser(variables, expander).parse_file(filename)
        if not goals:
            if model.default_goal is None:
                raise BuildError("No targets.")
            goals = [model.default_goal]
        index = RuleIndex(model)
        nodes = build_graph(index, goals)
        ok = Executor(nodes, expander, jobs=args.jobs, keep_going=args.keep_going,
                      dry_run=args.dry_run, silent=args.silent).run(goals)
        return 0 if ok else 2
    except BuildError as e:
        sys.stdout.flush()
        print(f"mkb: *** {e}", file=sys.stderr)
        return 2
