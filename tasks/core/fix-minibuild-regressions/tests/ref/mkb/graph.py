"""Turns rules into a dependency graph for the requested goals."""
import os
import sys
from dataclasses import dataclass, field

from .errors import BuildError
from .expand import match_pattern

MAX_CHAIN = 10


@dataclass
class Node:
    name: str
    prereqs: list = field(default_factory=list)       # normal prerequisites, in order, with duplicates
    order_only: list = field(default_factory=list)
    recipe: list = field(default_factory=list)        # RecipeLine objects
    stem: str = ""
    phony: bool = False

    @property
    def deps(self):
        """Unique prerequisites (normal first, then order-only), first occurrence order."""
        seen, out = set(), []
        for d in self.prereqs + self.order_only:
            if d not in seen:
                seen.add(d)
                out.append(d)
        return out


class RuleIndex:
    def __init__(self, model, warn=None):
        self.model = model
        self.warn = warn or (lambda msg: print(f"mkb: warning: {msg}", file=sys.stderr))
        self.explicit = {}          # target -> list of Rule (file order)
        self.recipe_rule = {}       # target -> Rule providing the recipe
        self.patterns = []          # (target_pattern, Rule)
        for rule in model.rules:
            if rule.is_pattern:
                for t in rule.targets:
                    if "%" in t:
                        self.patterns.append((t, rule))
                continue
            for t in rule.targets:
                self.explicit.setdefault(t, []).append(rule)
                if rule.has_recipe:
                    if t in self.recipe_rule:
                        self.warn(f"overriding recipe for target '{t}'")
                    self.recipe_rule[t] = rule

    def is_explicit_target(self, name):
        return name in self.explicit

    def _extra(self, name, skip=None):
        pre, order = [], []
        for rule in self.explicit.get(name, []):
            if rule is skip:
                continue
            pre.extend(rule.prereqs)
            order.extend(rule.order_only)
        return pre, order

    def _can_make(self, name, chain):
        if os.path.exists(name) or name in self.explicit:
            return True
        return self._find_pattern(name, chain) is not None

    def _find_pattern(self, name, chain):
        if len(chain) >= MAX_CHAIN:
            return None
        for pattern, rule in self.patterns:
            if not rule.has_recipe or id(rule) in chain:
                continue
            stem = match_pattern(pattern, name)
            if stem is None:
                continue
            pre = [p.replace("%", stem, 1) for p in rule.prereqs]
            order = [p.replace("%", stem, 1) for p in rule.order_only]
            inner = chain | {id(rule)}
            if all(self._can_make(p, inner) for p in pre + order):
                return rule, stem, pre, order
        return None

    def resolve(self, name):
        """A Node for `name`, or None when there is no rule and no file."""
        phony = name in self.model.phony
        recipe_rule = self.recipe_rule.get(name)
        if recipe_rule is not None:
            pre, order = list(recipe_rule.prereqs), list(recipe_rule.order_only)
            extra_pre, extra_order = self._extra(name, skip=recipe_rule)
            return Node(name, pre + extra_pre, order + extra_order, list(recipe_rule.recipe),
                        "", phony)
        if not phony:
            found = self._find_pattern(name, frozenset())
            if found is not None:
                rule, stem, pre, order = found
                extra_pre, extra_order = self._extra(name)
                return Node(name, pre + extra_pre, order + extra_order, list(rule.recipe), stem,
                            False)
        if name in self.explicit or phony:
            pre, order = self._extra(name)
            return Node(name, pre, order, [], "", phony)
        if os.path.exists(name):
            return Node(name)
        return None


def build_graph(index, goals):
    """Resolve every node reachable from `goals`; detect cycles; return {name: Node}."""
    nodes = {}
    state = {}                  # name -> "visiting" | "done"
    stack = []

    def visit(name, parent):
        st = state.get(name)
        if st == "done":
            return
        if st == "visiting":
            cycle = stack[stack.index(name):] + [name]
            raise BuildError("Circular dependency: " + " -> ".join(cycle))
        node = index.resolve(name)
        if node is None:
            if parent is None:
                raise BuildError(f"No rule to make target '{name}'.")
            raise BuildError(f"No rule to make target '{name}', needed by '{parent}'.")
        state[name] = "visiting"
        stack.append(name)
        nodes[name] = node
        for dep in node.deps:
            visit(dep, name)
        stack.pop()
        state[name] = "done"

    for g in goals:
        visit(g, None)
    return nodes
