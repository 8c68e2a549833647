"""Reads a Buildfile into a BuildModel."""
import os
import re
from dataclasses import dataclass, field

from .errors import ParseError

_ASSIGN = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(:=|\+=|\?=|=)\s?(.*)$")


@dataclass
class RecipeLine:
    text: str
    filename: str
    lineno: int


@dataclass
class Rule:
    targets: list
    prereqs: list
    order_only: list
    recipe: list = field(default_factory=list)      # RecipeLine objects
    has_recipe: bool = False
    filename: str = ""
    lineno: int = 0

    @property
    def is_pattern(self):
        return any("%" in t for t in self.targets)


@dataclass
class BuildModel:
    rules: list = field(default_factory=list)
    phony: set = field(default_factory=set)
    default_goal: str = None


def logical_lines(text):
    """Yield (lineno, line, is_recipe) with backslash-newline continuations joined."""
    physical = text.split("\n")
    i = 0
    while i < len(physical):
        start = i + 1
        line = physical[i]
        is_recipe = line.startswith("\t")
        while line.endswith("\\") and i + 1 < len(physical):
            i += 1
            line = line[:-1].rstrip(" \t") + " " + physical[i].lstrip(" \t")
        if line.endswith("\\"):
            line = line[:-1]
        i += 1
        yield start, line, is_recipe


def _strip_comment(line):
    k = line.find("#")
    return line if k < 0 else line[:k]


class Parser:
    def __init__(self, variables, expander):
        self.variables = variables
        self.expander = expander
        self.model = BuildModel()
        self._include_depth = 0

    def parse_file(self, filename):
        try:
            with open(filename, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as e:
            raise ParseError(filename, 0, f"cannot read file: {e.strerror}") from None
        self.parse_text(text, filename)
        return self.model

    def parse_text(self, text, filename="Buildfile"):
        current = None
        for lineno, line, is_recipe in logical_lines(text):
            if is_recipe and current is not None:
                body = line[1:]
                if body.strip() == "":
                    continue
                current.recipe.append(RecipeLine(body, filename, lineno))
                current.has_recipe = True
                continue
            stripped = _strip_comment(line).strip()
            if not stripped:
                continue
            if is_recipe:
                raise ParseError(filename, lineno, "recipe commences before first target")
            current = None
            if stripped.startswith("include ") or stripped.startswith("-include "):
                optional = stripped.startswith("-")
                names = self.expander.expand(stripped.split(None, 1)[1]).split()
                for name in names:
                    self._include(name, optional, filename, lineno)
                continue
            m = _ASSIGN.match(stripped)
            if m and not self._looks_like_rule(stripped, m):
                name, op, value = m.group(1), m.group(2), m.group(3).strip()
                self.variables.assign(name, op, value, self.expander.expand)
                continue
            current = self._rule(stripped, filename, lineno)
        return self.model

    @staticmethod
    def _looks_like_rule(line, m):
        # "a: b=c" is a rule, "A := x" and "A=b:c" are assignments
        return m.group(2) == "=" and ":" in m.group(1)

    def _include(self, name, optional, filename, lineno):
        if not os.path.exists(name):
            if optional:
                return
            raise ParseError(filename, lineno, f"{name}: No such file or directory")
        self._include_depth += 1
        if self._include_depth > 20:
            raise ParseError(filename, lineno, "include nested too deeply")
        try:
            with open(name, encoding="utf-8") as fh:
                self.parse_text(fh.read(), name)
        finally:
            self._include_depth -= 1

    def _rule(self, line, filename, lineno):
        colon = _rule_colon(line)
        if colon < 0:
            raise ParseError(filename, lineno, "missing separator")
        targets = self.expander.expand(line[:colon]).split()
        rest = line[colon + 1:]
        inline = None
        semi = rest.find(";")
        if semi >= 0:
            rest, inline = rest[:semi], rest[semi + 1:].strip()
        rest = self.expander.expand(rest)
        normal, bar, order = rest.partition("|")
        if not targets:
            raise ParseError(filename, lineno, "missing target")
        if targets == [".PHONY"]:
            self.model.phony.update(normal.split())
            return None
        rule = Rule(targets, normal.split(), order.split() if bar else [],
                    filename=filename, lineno=lineno)
        if inline:
            rule.recipe.append(RecipeLine(inline, filename, lineno))
            rule.has_recipe = True
        if self.model.default_goal is None:
            for t in targets:
                if not t.startswith(".") and "%" not in t:
                    self.model.default_goal = t
                    break
        self.model.rules.append(rule)
        return rule


def _rule_colon(line):
    depth = 0
    for k, ch in enumerate(line):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == ":" and depth == 0:
            return k
    return -1
