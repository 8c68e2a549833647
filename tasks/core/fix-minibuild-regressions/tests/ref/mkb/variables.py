"""Variable storage: flavors (recursive / simple) and origins."""
import os
from dataclasses import dataclass

RECURSIVE = "recursive"
SIMPLE = "simple"

# origins, highest priority first
COMMAND_LINE = "command line"
FILE = "file"
ENVIRONMENT = "environment"


@dataclass
class Variable:
    name: str
    value: str
    flavor: str
    origin: str


class VariableStore:
    def __init__(self, environ=None):
        self._vars = {}
        self._environ = dict(os.environ if environ is None else environ)

    def lookup(self, name):
        """The Variable for `name` (file/command line, else environment), or None."""
        var = self._vars.get(name)
        if var is not None:
            return var
        if name in self._environ:
            return Variable(name, self._environ[name], SIMPLE, ENVIRONMENT)
        return None

    def is_defined(self, name):
        return self.lookup(name) is not None

    def set_command_line(self, name, value):
        self._vars[name] = Variable(name, value, RECURSIVE, COMMAND_LINE)

    def assign(self, name, op, raw, expand):
        """Apply a file assignment `name op raw`; `expand(text)` expands text now."""
        current = self._vars.get(name)
        if current is not None and current.origin == COMMAND_LINE:
            return                                  # command line wins
        if op == "=":
            self._vars[name] = Variable(name, raw, RECURSIVE, FILE)
        elif op == ":=":
            self._vars[name] = Variable(name, expand(raw), SIMPLE, FILE)
        elif op == "?=":
            if not self.is_defined(name):
                self._vars[name] = Variable(name, raw, RECURSIVE, FILE)
        elif op == "+=":
            if current is None:
                env = self._environ.get(name)
                if env is None:
                    self._vars[name] = Variable(name, raw, RECURSIVE, FILE)
                else:
                    self._vars[name] = Variable(name, _join(env, expand(raw)), SIMPLE, FILE)
            elif current.flavor == SIMPLE:
                current.value = _join(current.value, expand(raw))
            else:
                current.value = _join(current.value, raw)
        else:
            raise ValueError(op)

    def names(self):
        return sorted(self._vars)


def _join(a, b):
    if not a:
        return b
    if not b:
        return a
    return a + " " + b
