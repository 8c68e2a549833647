"""Command-line interface."""
import argparse
import sys

from . import store

SORT_KEYS = {
    "id": lambda t: t.id,
    "priority": lambda t: t.priority,
    "due": lambda t: (t.due is None, t.due or ""),
    "title": lambda t: t.title.lower(),
}


def format_task(t):
    mark = "x" if t.done else " "
    return f"#{t.id} [{mark}] P{t.priority} {t.due or '----------'} {t.title}"


def cmd_add(args):
    tasks = store.load(args.file)
    t = store.Task(store.next_id(tasks), args.title, args.priority, args.due)
    tasks.append(t)
    store.save(args.file, tasks)
    print(f"added #{t.id}")
    return 0


def cmd_done(args):
    tasks = store.load(args.file)
    for t in tasks:
        if t.id == args.id:
            t.done = True
            store.save(args.file, tasks)
            print(f"done #{t.id}")
            return 0
    print(f"no task #{args.id}", file=sys.stderr)
    return 1


def cmd_list(args):
    tasks = store.load(args.file)
    if args.pending:
        tasks = [t for t in tasks if not t.done]
    tasks = sorted(tasks, key=SORT_KEYS[args.sort])
    if args.reverse:
        tasks.reverse()
    if args.limit is not None:
        tasks = tasks[: args.limit]
    for t in tasks:
        print(format_task(t))
    return 0


def build_parser():
    p = argparse.ArgumentParser(prog="tasklog")
    p.add_argument("--file", default="todo.json", help="task file (default: todo.json)")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("add", help="add a task")
    a.add_argument("title")
    a.add_argument("--priority", type=int, default=3)
    a.add_argument("--due", default=None)
    a.set_defaults(func=cmd_add)

    d = sub.add_parser("done", help="mark a task done")
    d.add_argument("id", type=int)
    d.set_defaults(func=cmd_done)

    ls = sub.add_parser("list", help="list tasks")
    ls.add_argument("--sort", choices=sorted(SORT_KEYS), default="id")
    ls.add_argument("--pending", action="store_true", help="hide finished tasks")
    ls.add_argument("--reverse", action="store_true", help="reverse the listing order")
    ls.add_argument("--limit", type=int, default=None, help="show at most N tasks")
    ls.set_defaults(func=cmd_list)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)
