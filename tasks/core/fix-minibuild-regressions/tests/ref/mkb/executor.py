"""Runs the recipes of a dependency graph in order, optionally in parallel."""
import heapq
import os
import queue
import subprocess
import sys
import threading


def mtime(path):
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def split_prefixes(line):
    """Strip leading '@', '-' and '+' markers (any order, with blanks) from a recipe line."""
    silent = ignore = False
    i = 0
    while i < len(line) and line[i] in "@-+ \t":
        if line[i] == "@":
            silent = True
        elif line[i] == "-":
            ignore = True
        i += 1
    return line[i:], silent, ignore


class Executor:
    def __init__(self, nodes, expander, jobs=1, keep_going=False, dry_run=False, silent=False,
                 out=None, err=None):
        self.nodes = nodes
        self.expander = expander
        self.jobs = max(1, jobs)
        self.keep_going = keep_going
        self.dry_run = dry_run
        self.silent = silent
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.io_lock = threading.Lock()
        self.updated = {}            # name -> bool
        self.failed = set()
        self.commands_run = 0

    # -- output ------------------------------------------------------------------------
    def say(self, text, stream=None):
        stream = stream or self.out
        with self.io_lock:
            stream.write(text + "\n")
            stream.flush()

    # -- planning ----------------------------------------------------------------------
    def _postorder(self, goals):
        order, seen = {}, set()

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            for d in self.nodes[name].deps:
                visit(d)
            order[name] = len(order)

        for g in goals:
            visit(g)
        return order

    def _is_newer(self, dep, target_time):
        if self.updated.get(dep):
            return True
        t = mtime(dep)
        return t is None or target_time is None or t > target_time

    def _needs_update(self, node):
        if node.phony:
            return True
        t = mtime(node.name)
        if t is None:
            return True
        return any(self._is_newer(d, t) for d in node.prereqs)

    def _auto_vars(self, node):
        t = None if node.phony else mtime(node.name)
        uniq = list(dict.fromkeys(node.prereqs))
        newer = [d for d in uniq if t is None or self._is_newer(d, t)]
        return {
            "@": node.name,
            "<": node.prereqs[0] if node.prereqs else "",
            "^": " ".join(uniq),
            "+": " ".join(node.prereqs),
            "?": " ".join(newer),
            "*": node.stem,
            "|": " ".join(dict.fromkeys(node.order_only)),
        }

    # -- running one target ------------------------------------------------------------
    def _run_recipe(self, node):
        """Run the recipe; return True on success."""
        auto = self._auto_vars(node)
        for rl in node.recipe:
            try:
                line = self.expander.expand(rl.text, auto)
            except Exception as e:  # expansion errors are fatal for this target
                self.say(f"mkb: *** {rl.filename}:{rl.lineno}: {e}", self.err)
                return False
            cmd, at, ignore = split_prefixes(line)
            if not cmd.strip():
                continue
            if self.dry_run:
                self.say(cmd)
                self.commands_run += 1
                continue
            if not (at or self.silent):
                self.say(cmd)
            self.commands_run += 1
            with self.io_lock:
                self.out.flush()
                self.err.flush()
            rc = subprocess.call(["/bin/sh", "-c", cmd])
            if rc != 0:
                if ignore:
                    self.say(f"mkb: [{node.name}] Error {rc} (ignored)", self.err)
                    continue
                self.say(f"mkb: *** [{node.name}] Error {rc}", self.err)
                return False
        return True

    # -- scheduling --------------------------------------------------------------------
    def run(self, goals):
        order = self._postorder(goals)
        pending, dependents = {}, {n: set() for n in order}
        for name in order:
            deps = self.nodes[name].deps
            pending[name] = len(deps)
            for d in deps:
                dependents[d].add(name)
        ready = [(order[n], n) for n in order if pending[n] == 0]
        heapq.heapify(ready)
        results = queue.Queue()
        running = 0
        stopping = False

        def finish(name, ok):
            if not ok:
                self.failed.add(name)
            for dep in dependents[name]:
                pending[dep] -= 1
                if pending[dep] == 0:
                    heapq.heappush(ready, (order[dep], dep))

        def worker(name):
            try:
                ok = self._run_recipe(self.nodes[name])
            except Exception as e:  # noqa: BLE001
                self.say(f"mkb: *** [{name}] {e}", self.err)
                ok = False
            results.put((name, ok))

        while ready or running:
            while ready and not stopping and running < self.jobs:
                _, name = heapq.heappop(ready)
                node = self.nodes[name]
                if any(d in self.failed for d in node.deps):
                    self.say(f"mkb: Target '{name}' not remade because of errors.", self.err)
                    finish(name, False)
                    continue
                if not self._needs_update(node):
                    self.updated[name] = False
                    finish(name, True)
                    continue
                self.updated[name] = True
                if not node.recipe:
                    finish(name, True)
                    continue
                if self.jobs == 1:
                    ok = self._run_recipe(node)
                    if not ok and not self.keep_going:
                        stopping = True
                    finish(name, ok)
                    continue
                running += 1
                threading.Thread(target=worker, args=(name,), daemon=True).start()
            if running:
                name, ok = results.get()
                running -= 1
                if not ok and not self.keep_going:
                    stopping = True
                finish(name, ok)
            elif stopping:
                break
        if not self.failed and self.commands_run == 0:
            for g in goals:
                node = self.nodes[g]
                if node.phony or not node.recipe:
                    self.say(f"mkb: Nothing to be done for '{g}'.")
                else:
                    self.say(f"mkb: '{g}' is up to date.")
        return not self.failed
