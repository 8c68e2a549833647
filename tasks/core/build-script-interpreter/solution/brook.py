#!/usr/bin/env python3
"""Reference tree-walking interpreter for the Brook language.

Pipeline: scanner -> recursive-descent parser (AST) -> resolver (static scope
checks, variable depths) -> interpreter.  Exit codes: 0 ok, 2 static error,
1 runtime error.
"""
import math
import sys
import time

sys.setrecursionlimit(100000)

MAX_DEPTH = 250

KEYWORDS = {"base", "break", "class", "continue", "else", "extends", "false", "fn", "for", "if",
            "in", "let", "none", "not", "return", "say", "self", "true", "while"}


class Token:
    __slots__ = ("type", "lexeme", "literal", "line")

    def __init__(self, type_, lexeme, literal, line):
        self.type, self.lexeme, self.literal, self.line = type_, lexeme, literal, line


class StaticError(Exception):
    def __init__(self, line, where, message, kind="syntax"):
        super().__init__(message)
        self.line, self.where, self.message, self.kind = line, where, message, kind

    def report(self):
        return "%s error on line %d%s: %s" % (self.kind, self.line, self.where, self.message)


def token_error(tok, message, kind="syntax"):
    where = " at end of input" if tok.type == "EOF" else " near '%s'" % tok.lexeme
    return StaticError(tok.line, where, message, kind)


def scope_error(tok, message):
    return token_error(tok, message, "static")


class BrookRuntimeError(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


# ---------------------------------------------------------------- scanner
DIGITS = frozenset("0123456789")
IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
IDENT_CHARS = IDENT_START | DIGITS


def scan(src):
    toks = []
    i, line, n = 0, 1, len(src)
    two = {"!=", "==", "<=", ">=", "&&", "||", "//"}
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and src[i] != "\n":
                i += 1
        elif src[i:i + 2] in two:
            toks.append(Token(src[i:i + 2], src[i:i + 2], None, line))
            i += 2
        elif c in "(){}[],.;:+-*/%=<>":
            toks.append(Token(c, c, None, line))
            i += 1
        elif c == '"':
            start_line = line
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise StaticError(start_line, "", "unterminated string")
                ch = src[j]
                if ch == '"':
                    break
                if ch == "\\":
                    if j + 1 >= n:
                        raise StaticError(start_line, "", "unterminated string")
                    esc = src[j + 1]
                    if esc not in 'ntr0"\\':
                        raise StaticError(line, "", "unknown escape sequence '\\%s'" % esc.replace("\n", "\\n"))
                    buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "\\": "\\"}[esc])
                    j += 2
                    continue
                if ch == "\n":
                    line += 1
                buf.append(ch)
                j += 1
            toks.append(Token("STRING", src[i:j + 1], "".join(buf), start_line))
            i = j + 1
        elif c in DIGITS:
            j = i
            while j < n and src[j] in DIGITS:
                j += 1
            if j + 1 < n and src[j] == "." and src[j + 1] in DIGITS:
                j += 1
                while j < n and src[j] in DIGITS:
                    j += 1
            text = src[i:j]
            toks.append(Token("NUMBER", text, float(text) if "." in text else int(text), line))
            i = j
        elif c in IDENT_START:
            j = i
            while j < n and src[j] in IDENT_CHARS:
                j += 1
            word = src[i:j]
            toks.append(Token(word if word in KEYWORDS else "IDENT", word, None, line))
            i = j
        else:
            raise StaticError(line, "", "unexpected character '%s'" % c)
    toks.append(Token("EOF", "", None, line))
    return toks


# ---------------------------------------------------------------- AST
class Node:
    def __init__(self, kind, **kw):
        self.kind = kind
        self.__dict__.update(kw)


# ---------------------------------------------------------------- parser
class Parser:
    def __init__(self, toks):
        self.toks = toks
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def previous(self):
        return self.toks[self.i - 1]

    def check(self, t):
        return self.toks[self.i].type == t

    def match(self, *types):
        if self.toks[self.i].type in types:
            self.i += 1
            return True
        return False

    def advance(self):
        tok = self.toks[self.i]
        if tok.type != "EOF":
            self.i += 1
        return tok

    def consume(self, t, message):
        if self.check(t):
            return self.advance()
        raise token_error(self.peek(), message)

    def program(self):
        stmts = []
        while not self.check("EOF"):
            stmts.append(self.declaration())
        return stmts

    def declaration(self):
        if self.match("class"):
            return self.class_decl()
        if self.match("fn"):
            return self.function("function")
        if self.match("let"):
            return self.var_decl()
        return self.statement()

    def class_decl(self):
        name = self.consume("IDENT", "expected a class name")
        superclass = None
        if self.match("extends"):
            sname = self.consume("IDENT", "expected a class name after extends")
            superclass = Node("Variable", name=sname)
        self.consume("{", "expected '{' to start class body")
        methods = []
        while not self.check("}") and not self.check("EOF"):
            methods.append(self.function("method"))
        self.consume("}", "expected '}' to close class body")
        return Node("Class", name=name, superclass=superclass, methods=methods)

    def function(self, kind):
        name = self.consume("IDENT", "expected a %s name" % kind)
        params, body = self.function_rest("expected '(' to start parameter list")
        return Node("Function", name=name, params=params, body=body)

    def function_rest(self, paren_message):
        self.consume("(", paren_message)
        params = []
        if not self.check(")"):
            while True:
                params.append(self.consume("IDENT", "expected a parameter name"))
                if not self.match(","):
                    break
        self.consume(")", "expected ')' after parameters")
        self.consume("{", "expected '{' to start function body")
        return params, self.block()

    def var_decl(self):
        name = self.consume("IDENT", "expected a variable name")
        init = self.expression() if self.match("=") else None
        self.consume(";", "expected ';' after let declaration")
        return Node("Var", name=name, init=init)

    def statement(self):
        if self.match("say"):
            value = self.expression()
            self.consume(";", "expected ';' after say statement")
            return Node("Print", expr=value)
        if self.match("{"):
            return Node("Block", stmts=self.block())
        if self.match("if"):
            self.consume("(", "expected '(' after if")
            cond = self.expression()
            self.consume(")", "expected ')' after condition")
            then = self.statement()
            other = self.statement() if self.match("else") else None
            return Node("If", cond=cond, then=then, other=other)
        if self.match("while"):
            self.consume("(", "expected '(' after while")
            cond = self.expression()
            self.consume(")", "expected ')' after condition")
            return Node("While", cond=cond, body=self.statement(), incr=None)
        if self.match("for"):
            return self.for_stmt()
        if self.match("return"):
            kw = self.previous()
            value = None if self.check(";") else self.expression()
            self.consume(";", "expected ';' after return")
            return Node("Return", keyword=kw, value=value)
        if self.match("break"):
            kw = self.previous()
            self.consume(";", "expected ';' after break")
            return Node("Break", keyword=kw)
        if self.match("continue"):
            kw = self.previous()
            self.consume(";", "expected ';' after continue")
            return Node("Continue", keyword=kw)
        expr = self.expression()
        self.consume(";", "expected ';' after expression")
        return Node("Expression", expr=expr)

    def for_stmt(self):
        self.consume("(", "expected '(' after for")
        if self.check("IDENT") and self.toks[self.i + 1].type == "in":
            var = self.advance()
            in_tok = self.advance()
            iterable = self.expression()
            self.consume(")", "expected ')' after iterable")
            return Node("ForIn", var=var, in_tok=in_tok, iterable=iterable, body=self.statement())
        if self.match(";"):
            init = None
        elif self.match("let"):
            init = self.var_decl()
        else:
            expr = self.expression()
            self.consume(";", "expected ';' after expression")
            init = Node("Expression", expr=expr)
        cond = None if self.check(";") else self.expression()
        self.consume(";", "expected ';' after loop condition")
        incr = None if self.check(")") else self.expression()
        self.consume(")", "expected ')' after for clauses")
        body = self.statement()
        loop = Node("While", cond=cond or Node("Literal", value=True), body=body, incr=incr,
                    fresh=init.name.lexeme if init is not None and init.kind == "Var" else None)
        if init is None:
            return loop
        return Node("Block", stmts=[init, loop])

    def block(self):
        stmts = []
        while not self.check("}") and not self.check("EOF"):
            stmts.append(self.declaration())
        self.consume("}", "expected '}' to close block")
        return stmts

    # expressions
    def expression(self):
        return self.assignment()

    def assignment(self):
        expr = self.or_()
        if self.match("="):
            equals = self.previous()
            value = self.assignment()
            if expr.kind == "Variable":
                return Node("Assign", name=expr.name, value=value)
            if expr.kind == "Get":
                return Node("Set", obj=expr.obj, name=expr.name, value=value)
            if expr.kind == "Index":
                return Node("SetIndex", obj=expr.obj, index=expr.index, bracket=expr.bracket, value=value)
            raise token_error(equals, "cannot assign to this expression")
        return expr

    def or_(self):
        expr = self.and_()
        while self.match("||"):
            expr = Node("Logical", left=expr, op=self.previous(), right=self.and_())
        return expr

    def and_(self):
        expr = self.equality()
        while self.match("&&"):
            expr = Node("Logical", left=expr, op=self.previous(), right=self.equality())
        return expr

    def binary_level(self, ops, next_level):
        expr = next_level()
        while self.match(*ops):
            op = self.previous()
            expr = Node("Binary", left=expr, op=op, right=next_level())
        return expr

    def equality(self):
        return self.binary_level(("!=", "=="), self.comparison)

    def comparison(self):
        return self.binary_level((">", ">=", "<", "<="), self.term)

    def term(self):
        return self.binary_level(("-", "+"), self.factor)

    def factor(self):
        return self.binary_level(("/", "//", "*", "%"), self.unary)

    def unary(self):
        if self.match("not", "-"):
            op = self.previous()
            return Node("Unary", op=op, right=self.unary())
        return self.call()

    def call(self):
        expr = self.primary()
        while True:
            if self.match("("):
                args = []
                if not self.check(")"):
                    while True:
                        args.append(self.expression())
                        if not self.match(","):
                            break
                paren = self.consume(")", "expected ')' after arguments")
                expr = Node("Call", callee=expr, paren=paren, args=args)
            elif self.match("."):
                name = self.consume("IDENT", "expected a property name after '.'")
                expr = Node("Get", obj=expr, name=name)
            elif self.match("["):
                bracket = self.previous()
                index = self.expression()
                self.consume("]", "expected ']' after index")
                expr = Node("Index", obj=expr, index=index, bracket=bracket)
            else:
                return expr

    def primary(self):
        tok = self.peek()
        t = tok.type
        if t == "false":
            self.advance()
            return Node("Literal", value=False)
        if t == "true":
            self.advance()
            return Node("Literal", value=True)
        if t == "none":
            self.advance()
            return Node("Literal", value=None)
        if t in ("NUMBER", "STRING"):
            self.advance()
            return Node("Literal", value=tok.literal)
        if t == "self":
            self.advance()
            return Node("This", keyword=tok)
        if t == "base":
            self.advance()
            self.consume(".", "expected '.' after base")
            method = self.consume("IDENT", "expected a method name after 'base.'")
            return Node("Super", keyword=tok, method=method)
        if t == "IDENT":
            self.advance()
            return Node("Variable", name=tok)
        if t == "(":
            self.advance()
            expr = self.expression()
            self.consume(")", "expected ')' to close '('")
            return Node("Grouping", expr=expr)
        if t == "[":
            self.advance()
            items = []
            if not self.check("]"):
                while True:
                    items.append(self.expression())
                    if not self.match(","):
                        break
            self.consume("]", "expected ']' to close list")
            return Node("ListLit", items=items)
        if t == "{":
            self.advance()
            brace = tok
            entries = []
            if not self.check("}"):
                while True:
                    k = self.expression()
                    self.consume(":", "expected ':' after map key")
                    entries.append((k, self.expression()))
                    if not self.match(","):
                        break
            self.consume("}", "expected '}' to close map")
            return Node("MapLit", entries=entries, brace=brace)
        if t == "fn":
            self.advance()
            params, body = self.function_rest("expected '(' to start parameter list")
            return Node("Lambda", fn=Node("Function", name=None, params=params, body=body))
        raise token_error(tok, "expected an expression")


# ---------------------------------------------------------------- resolver
class Resolver:
    def __init__(self):
        self.scopes = []
        self.function = None        # None | "function" | "method" | "initializer"
        self.klass = None           # None | "class" | "subclass"
        self.loop_depth = 0

    def resolve_all(self, stmts):
        for s in stmts:
            self.stmt(s)

    def begin(self):
        self.scopes.append({})

    def end(self):
        self.scopes.pop()

    def declare(self, name):
        if not self.scopes:
            return
        scope = self.scopes[-1]
        if name.lexeme in scope:
            raise scope_error(name, "'%s' is already declared in this scope" % name.lexeme)
        scope[name.lexeme] = False

    def define(self, name):
        if self.scopes:
            self.scopes[-1][name.lexeme] = True

    def local(self, node, name):
        for depth, scope in enumerate(reversed(self.scopes)):
            if name in scope:
                node.depth = depth
                return
        node.depth = None

    def stmt(self, s):
        k = s.kind
        if k == "Block":
            self.begin()
            self.resolve_all(s.stmts)
            self.end()
        elif k == "Var":
            self.declare(s.name)
            if s.init is not None:
                self.expr(s.init)
            self.define(s.name)
        elif k == "Function":
            self.declare(s.name)
            self.define(s.name)
            self.function_body(s, "function")
        elif k == "Class":
            enclosing = self.klass
            self.klass = "class"
            self.declare(s.name)
            self.define(s.name)
            if s.superclass is not None:
                if s.superclass.name.lexeme == s.name.lexeme:
                    raise scope_error(s.superclass.name, "class '%s' extends itself" % s.name.lexeme)
                self.klass = "subclass"
                self.expr(s.superclass)
                self.begin()
                self.scopes[-1]["super"] = True
            self.begin()
            self.scopes[-1]["this"] = True
            for m in s.methods:
                self.function_body(m, "initializer" if m.name.lexeme == "init" else "method")
            self.end()
            if s.superclass is not None:
                self.end()
            self.klass = enclosing
        elif k == "Expression" or k == "Print":
            self.expr(s.expr)
        elif k == "If":
            self.expr(s.cond)
            self.stmt(s.then)
            if s.other is not None:
                self.stmt(s.other)
        elif k == "While":
            self.expr(s.cond)
            self.loop_depth += 1
            self.stmt(s.body)
            self.loop_depth -= 1
            if s.incr is not None:
                self.expr(s.incr)
        elif k == "ForIn":
            self.expr(s.iterable)
            self.loop_depth += 1
            self.begin()
            self.declare(s.var)
            self.define(s.var)
            self.stmt(s.body)
            self.end()
            self.loop_depth -= 1
        elif k == "Return":
            if self.function is None:
                raise scope_error(s.keyword, "return outside of a function")
            if s.value is not None:
                if self.function == "initializer":
                    raise scope_error(s.keyword, "init cannot return a value")
                self.expr(s.value)
        elif k == "Break":
            if self.loop_depth == 0:
                raise scope_error(s.keyword, "break outside of a loop")
        elif k == "Continue":
            if self.loop_depth == 0:
                raise scope_error(s.keyword, "continue outside of a loop")
        else:
            raise AssertionError(k)

    def function_body(self, fn, kind):
        enclosing, enclosing_loop = self.function, self.loop_depth
        self.function, self.loop_depth = kind, 0
        self.begin()
        for p in fn.params:
            self.declare(p)
            self.define(p)
        self.resolve_all(fn.body)
        self.end()
        self.function, self.loop_depth = enclosing, enclosing_loop

    def expr(self, e):
        k = e.kind
        if k == "Variable":
            if self.scopes and self.scopes[-1].get(e.name.lexeme) is False:
                raise scope_error(e.name, "'%s' is used in its own initializer" % e.name.lexeme)
            self.local(e, e.name.lexeme)
        elif k == "Assign":
            self.expr(e.value)
            self.local(e, e.name.lexeme)
        elif k in ("Binary", "Logical"):
            self.expr(e.left)
            self.expr(e.right)
        elif k == "Unary":
            self.expr(e.right)
        elif k == "Grouping":
            self.expr(e.expr)
        elif k == "Literal":
            pass
        elif k == "Call":
            self.expr(e.callee)
            for a in e.args:
                self.expr(a)
        elif k == "Get":
            self.expr(e.obj)
        elif k == "Set":
            self.expr(e.value)
            self.expr(e.obj)
        elif k == "Index":
            self.expr(e.obj)
            self.expr(e.index)
        elif k == "SetIndex":
            self.expr(e.obj)
            self.expr(e.index)
            self.expr(e.value)
        elif k == "ListLit":
            for x in e.items:
                self.expr(x)
        elif k == "MapLit":
            for a, b in e.entries:
                self.expr(a)
                self.expr(b)
        elif k == "This":
            if self.klass is None:
                raise scope_error(e.keyword, "'self' used outside of a class")
            self.local(e, "this")
        elif k == "Super":
            if self.klass is None:
                raise scope_error(e.keyword, "'base' used outside of a class")
            if self.klass != "subclass":
                raise scope_error(e.keyword, "'base' used in a class that extends nothing")
            self.local(e, "super")
        elif k == "Lambda":
            self.function_body(e.fn, "function")
        else:
            raise AssertionError(k)


# ---------------------------------------------------------------- runtime values
class Environment:
    __slots__ = ("values", "enclosing")

    def __init__(self, enclosing=None):
        self.values = {}
        self.enclosing = enclosing

    def ancestor(self, depth):
        env = self
        for _ in range(depth):
            env = env.enclosing
        return env


class Function:
    def __init__(self, decl, closure, is_init=False):
        self.decl, self.closure, self.is_init = decl, closure, is_init

    def arity(self):
        return len(self.decl.params)

    def bind(self, instance):
        env = Environment(self.closure)
        env.values["this"] = instance
        return Function(self.decl, env, self.is_init)

    def call(self, interp, args, line):
        env = Environment(self.closure)
        for p, a in zip(self.decl.params, args):
            env.values[p.lexeme] = a
        try:
            interp.exec_block(self.decl.body, env)
        except ReturnSignal as r:
            if self.is_init:
                return self.closure.values["this"]
            return r.value
        if self.is_init:
            return self.closure.values["this"]
        return None


class Native:
    def __init__(self, name, arity, fn):
        self.name, self.n, self.fn = name, arity, fn

    def arity(self):
        return self.n

    def call(self, interp, args, line):
        return self.fn(args, line)


class Class:
    def __init__(self, name, superclass, methods):
        self.name, self.superclass, self.methods = name, superclass, methods

    def find(self, name):
        k = self
        while k is not None:
            if name in k.methods:
                return k.methods[name]
            k = k.superclass
        return None

    def arity(self):
        init = self.find("init")
        return init.arity() if init else 0

    def call(self, interp, args, line):
        inst = Instance(self)
        init = self.find("init")
        if init is not None:
            init.bind(inst).call(interp, args, line)
        return inst


class Instance:
    def __init__(self, klass):
        self.klass = klass
        self.fields = {}


class ReturnSignal(Exception):
    def __init__(self, value):
        self.value = value


class BreakSignal(Exception):
    pass


class ContinueSignal(Exception):
    pass


MAX_ITEMS = 10_000_000


def is_num(v):
    return type(v) is int or type(v) is float


def map_key(v, line):
    if v is None or type(v) in (bool, str):
        return (type(v).__name__, v)
    if is_num(v):
        if v != v:
            raise BrookRuntimeError(line, "nan cannot be a map key")
        return ("num", v)
    raise BrookRuntimeError(line, "invalid map key of type %s" % type_name(v))


def fmt_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def stringify(v, nested=False):
    if v is None:
        return "none"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if type(v) is int:
        return str(v)
    if type(v) is float:
        return fmt_float(v)
    if isinstance(v, str):
        return '"' + v + '"' if nested else v
    if isinstance(v, list):
        return "[" + ", ".join(stringify(x, True) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (stringify(k[1], True), stringify(val, True))
                               for k, val in v.items()) + "}"
    if isinstance(v, Function):
        return "<function>" if v.decl.name is None else "<function %s>" % v.decl.name.lexeme
    if isinstance(v, Native):
        return "<builtin %s>" % v.name
    if isinstance(v, Class):
        return "<class %s>" % v.name
    if isinstance(v, Instance):
        return "<%s object>" % v.klass.name
    raise AssertionError(type(v))


def type_name(v):
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "bool"
    if type(v) is int:
        return "int"
    if type(v) is float:
        return "float"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "map"
    if isinstance(v, (Function, Native)):
        return "function"
    if isinstance(v, Class):
        return "class"
    return "instance"


def truthy(v):
    return not (v is None or v is False)


def equal(a, b):
    if is_num(a) and is_num(b):
        return a == b
    if isinstance(a, (bool, str)) or a is None:
        return type(a) is type(b) and a == b
    return a is b


def parse_number(x):
    s = x[1:] if x.startswith("-") else x
    head, dot, tail = s.partition(".")
    if not head.isdigit() or not head.isascii() or (dot and (not tail.isdigit() or not tail.isascii())):
        return None
    return float(x) if dot else int(x)


# ---------------------------------------------------------------- natives
def make_natives():
    def err(line, msg):
        raise BrookRuntimeError(line, msg)

    def n_clock(a, line):
        return time.time()

    def n_len(a, line):
        x = a[0]
        if isinstance(x, (str, list, dict)):
            return len(x)
        err(line, "len() expects a string, list or map, got %s" % type_name(x))

    def n_str(a, line):
        return stringify(a[0])

    def n_num(a, line):
        x = a[0]
        if is_num(x):
            return x
        if not isinstance(x, str):
            err(line, "num() expects a string or number, got %s" % type_name(x))
        return parse_number(x)

    def n_type(a, line):
        return type_name(a[0])

    def n_push(a, line):
        if not isinstance(a[0], list):
            err(line, "push() expects a list, got %s" % type_name(a[0]))
        a[0].append(a[1])
        return None

    def n_pop(a, line):
        if not isinstance(a[0], list):
            err(line, "pop() expects a list, got %s" % type_name(a[0]))
        if not a[0]:
            err(line, "pop() from an empty list")
        return a[0].pop()

    def n_keys(a, line):
        if not isinstance(a[0], dict):
            err(line, "keys() expects a map, got %s" % type_name(a[0]))
        return [k[1] for k in a[0]]

    def n_has(a, line):
        if not isinstance(a[0], dict):
            err(line, "has() expects a map, got %s" % type_name(a[0]))
        return map_key(a[1], line) in a[0]

    def n_remove(a, line):
        if not isinstance(a[0], dict):
            err(line, "remove() expects a map, got %s" % type_name(a[0]))
        return a[0].pop(map_key(a[1], line), None)

    def n_substr(a, line):
        s, i, j = a
        if not isinstance(s, str):
            err(line, "substr() expects a string, got %s" % type_name(s))
        if type(i) is not int or type(j) is not int:
            err(line, "substr() expects int indices")
        if not 0 <= i <= j <= len(s):
            err(line, "substr() indices out of range")
        return s[i:j]

    def n_join(a, line):
        if not isinstance(a[0], list) or not isinstance(a[1], str):
            err(line, "join() expects a list and a string")
        return a[1].join(stringify(x) for x in a[0])

    def n_split(a, line):
        if not isinstance(a[0], str) or not isinstance(a[1], str):
            err(line, "split() expects two strings")
        if a[1] == "":
            err(line, "split() separator must not be empty")
        return a[0].split(a[1])

    def n_floor(a, line):
        x = a[0]
        if type(x) is int:
            return x
        if type(x) is not float or not math.isfinite(x):
            err(line, "floor() expects a finite number")
        return math.floor(x)

    def n_int(a, line):
        x = a[0]
        if type(x) is int:
            return x
        if type(x) is not float or not math.isfinite(x):
            err(line, "int() expects a finite number")
        return int(x)

    def n_float(a, line):
        x = a[0]
        if not is_num(x):
            err(line, "float() expects a number, got %s" % type_name(x))
        try:
            return float(x)
        except OverflowError:
            err(line, "number too large")

    def n_sqrt(a, line):
        x = a[0]
        if not is_num(x) or x < 0:
            err(line, "sqrt() expects a non-negative number")
        try:
            return math.sqrt(x)
        except OverflowError:
            err(line, "number too large")

    def n_abs(a, line):
        if not is_num(a[0]):
            err(line, "abs() expects a number, got %s" % type_name(a[0]))
        return abs(a[0])

    def n_ord(a, line):
        if not isinstance(a[0], str) or len(a[0]) != 1:
            err(line, "ord() expects a one-character string")
        return ord(a[0])

    def n_chr(a, line):
        if type(a[0]) is not int or not 0 <= a[0] <= 127:
            err(line, "chr() expects an int from 0 to 127")
        return chr(a[0])

    def n_range(a, line):
        lo, hi = a
        if type(lo) is not int or type(hi) is not int:
            err(line, "range() expects two ints")
        if hi - lo > MAX_ITEMS:
            err(line, "range() result too large")
        return list(range(lo, hi))

    table = [("clock", 0, n_clock), ("len", 1, n_len), ("str", 1, n_str), ("num", 1, n_num),
             ("type", 1, n_type), ("push", 2, n_push), ("pop", 1, n_pop), ("keys", 1, n_keys),
             ("has", 2, n_has), ("remove", 2, n_remove), ("substr", 3, n_substr),
             ("join", 2, n_join), ("split", 2, n_split), ("floor", 1, n_floor),
             ("int", 1, n_int), ("float", 1, n_float), ("sqrt", 1, n_sqrt), ("abs", 1, n_abs),
             ("ord", 1, n_ord), ("chr", 1, n_chr), ("range", 2, n_range)]
    return {name: Native(name, arity, fn) for name, arity, fn in table}


# ---------------------------------------------------------------- interpreter
class Interpreter:
    def __init__(self, out):
        self.globals = Environment()
        self.globals.values.update(make_natives())
        self.env = self.globals
        self.out = out
        self.depth = 0

    def run(self, stmts):
        for s in stmts:
            self.execute(s)

    def exec_block(self, stmts, env):
        previous = self.env
        self.env = env
        try:
            for s in stmts:
                self.execute(s)
        finally:
            self.env = previous

    def execute(self, s):
        k = s.kind
        if k == "Expression":
            self.eval(s.expr)
        elif k == "Print":
            self.out.write(stringify(self.eval(s.expr)) + "\n")
        elif k == "Var":
            value = None if s.init is None else self.eval(s.init)
            self.env.values[s.name.lexeme] = value
        elif k == "Block":
            self.exec_block(s.stmts, Environment(self.env))
        elif k == "If":
            if truthy(self.eval(s.cond)):
                self.execute(s.then)
            elif s.other is not None:
                self.execute(s.other)
        elif k == "While":
            while truthy(self.eval(s.cond)):
                try:
                    self.execute(s.body)
                except BreakSignal:
                    break
                except ContinueSignal:
                    pass
                if getattr(s, "fresh", None) is not None:
                    # each iteration of a `for (let ...)` loop has its own copy of the variable
                    fresh = Environment(self.env.enclosing)
                    fresh.values = dict(self.env.values)
                    self.env = fresh
                if s.incr is not None:
                    self.eval(s.incr)
        elif k == "ForIn":
            seq = self.eval(s.iterable)
            line = s.in_tok.line
            if isinstance(seq, list):
                items = None
            elif isinstance(seq, str):
                items = list(seq)
            elif isinstance(seq, dict):
                items = [key[1] for key in seq]
            else:
                raise BrookRuntimeError(line, "cannot iterate over type %s" % type_name(seq))
            i = 0
            while True:
                if items is None:
                    if i >= len(seq):
                        break
                    item = seq[i]
                elif i >= len(items):
                    break
                else:
                    item = items[i]
                i += 1
                env = Environment(self.env)
                env.values[s.var.lexeme] = item
                try:
                    self.exec_block([s.body], env)
                except BreakSignal:
                    break
                except ContinueSignal:
                    pass
        elif k == "Function":
            self.env.values[s.name.lexeme] = Function(s, self.env)
        elif k == "Class":
            superclass = None
            if s.superclass is not None:
                superclass = self.eval(s.superclass)
                if not isinstance(superclass, Class):
                    raise BrookRuntimeError(s.superclass.name.line,
                                            "superclass must be a class, got %s" % type_name(superclass))
            self.env.values[s.name.lexeme] = None
            env = self.env
            if superclass is not None:
                env = Environment(env)
                env.values["super"] = superclass
            methods = {m.name.lexeme: Function(m, env, m.name.lexeme == "init") for m in s.methods}
            self.env.values[s.name.lexeme] = Class(s.name.lexeme, superclass, methods)
        elif k == "Return":
            raise ReturnSignal(None if s.value is None else self.eval(s.value))
        elif k == "Break":
            raise BreakSignal()
        elif k == "Continue":
            raise ContinueSignal()
        else:
            raise AssertionError(k)

    def lookup(self, name, node):
        if node.depth is not None:
            return self.env.ancestor(node.depth).values[name.lexeme]
        if name.lexeme in self.globals.values:
            return self.globals.values[name.lexeme]
        raise BrookRuntimeError(name.line, "undefined variable '%s'" % name.lexeme)

    def eval(self, e):
        k = e.kind
        if k == "Literal":
            return e.value
        if k == "Grouping":
            return self.eval(e.expr)
        if k == "Variable":
            return self.lookup(e.name, e)
        if k == "Assign":
            value = self.eval(e.value)
            if e.depth is not None:
                self.env.ancestor(e.depth).values[e.name.lexeme] = value
            elif e.name.lexeme in self.globals.values:
                self.globals.values[e.name.lexeme] = value
            else:
                raise BrookRuntimeError(e.name.line, "undefined variable '%s'" % e.name.lexeme)
            return value
        if k == "Logical":
            left = self.eval(e.left)
            if e.op.type == "||":
                return left if truthy(left) else self.eval(e.right)
            return self.eval(e.right) if truthy(left) else left
        if k == "Unary":
            right = self.eval(e.right)
            if e.op.type == "not":
                return not truthy(right)
            if not is_num(right):
                raise BrookRuntimeError(e.op.line, "operand of unary '-' must be a number")
            return -right
        if k == "Binary":
            return self.binary(e)
        if k == "Call":
            return self.call(e)
        if k == "Get":
            obj = self.eval(e.obj)
            name = e.name.lexeme
            if not isinstance(obj, Instance):
                raise BrookRuntimeError(e.name.line, "cannot read property '%s' of type %s" % (name, type_name(obj)))
            if name in obj.fields:
                return obj.fields[name]
            method = obj.klass.find(name)
            if method is None:
                raise BrookRuntimeError(e.name.line, "%s object has no property '%s'" % (obj.klass.name, name))
            return method.bind(obj)
        if k == "Set":
            obj = self.eval(e.obj)
            if not isinstance(obj, Instance):
                raise BrookRuntimeError(e.name.line, "cannot set property '%s' on type %s" % (e.name.lexeme, type_name(obj)))
            value = self.eval(e.value)
            obj.fields[e.name.lexeme] = value
            return value
        if k == "Index":
            obj = self.eval(e.obj)
            index = self.eval(e.index)
            return self.index_get(obj, index, e.bracket.line)
        if k == "SetIndex":
            obj = self.eval(e.obj)
            index = self.eval(e.index)
            value = self.eval(e.value)
            line = e.bracket.line
            if isinstance(obj, list):
                obj[self.list_index(obj, index, line)] = value
            elif isinstance(obj, dict):
                obj[map_key(index, line)] = value
            else:
                raise BrookRuntimeError(line, "cannot assign to an element of type %s" % type_name(obj))
            return value
        if k == "ListLit":
            return [self.eval(x) for x in e.items]
        if k == "MapLit":
            m = {}
            for a, b in e.entries:
                key = map_key(self.eval(a), e.brace.line)
                m[key] = self.eval(b)
            return m
        if k == "This":
            return self.env.ancestor(e.depth).values["this"]
        if k == "Super":
            superclass = self.env.ancestor(e.depth).values["super"]
            obj = self.env.ancestor(e.depth - 1).values["this"]
            method = superclass.find(e.method.lexeme)
            if method is None:
                raise BrookRuntimeError(e.method.line, "class %s has no method '%s'" % (superclass.name, e.method.lexeme))
            return method.bind(obj)
        if k == "Lambda":
            return Function(e.fn, self.env)
        raise AssertionError(k)

    @staticmethod
    def list_index(seq, index, line):
        if type(index) is not int:
            raise BrookRuntimeError(line, "index must be an int, got %s" % type_name(index))
        i = index + len(seq) if index < 0 else index
        if not 0 <= i < len(seq):
            raise BrookRuntimeError(line, "index %d out of range for length %d" % (index, len(seq)))
        return i

    def index_get(self, obj, index, line):
        if isinstance(obj, (list, str)):
            return obj[self.list_index(obj, index, line)]
        if isinstance(obj, dict):
            key = map_key(index, line)
            if key not in obj:
                raise BrookRuntimeError(line, "key not found: %s" % stringify(index, True))
            return obj[key]
        raise BrookRuntimeError(line, "cannot index type %s" % type_name(obj))

    def binary(self, e):
        a = self.eval(e.left)
        b = self.eval(e.right)
        op = e.op.type
        line = e.op.line
        try:
            return self.arith(op, a, b, line)
        except OverflowError:
            raise BrookRuntimeError(line, "number too large") from None

    @staticmethod
    def arith(op, a, b, line):
        if op == "==":
            return equal(a, b)
        if op == "!=":
            return not equal(a, b)
        nums = is_num(a) and is_num(b)
        if op == "+":
            if nums:
                return a + b
            if isinstance(a, str) and isinstance(b, str):
                return a + b
            if isinstance(a, list) and isinstance(b, list):
                return a + b
            raise BrookRuntimeError(line, "operands of '+' must be two numbers, two strings or two lists")
        if op in ("<", "<=", ">", ">="):
            if not nums and not (isinstance(a, str) and isinstance(b, str)):
                raise BrookRuntimeError(line, "operands of '%s' must be two numbers or two strings" % op)
            if op == "<":
                return a < b
            if op == "<=":
                return a <= b
            if op == ">":
                return a > b
            return a >= b
        if op == "*" and not nums:
            seq, n = (a, b) if type(b) is int else (b, a)
            if type(n) is int and isinstance(seq, (str, list)):
                if n > 0 and len(seq) * n > MAX_ITEMS:
                    raise BrookRuntimeError(line, "repetition result too large")
                return seq * n
            raise BrookRuntimeError(line, "operands of '*' must be two numbers, or a string or list and an int")
        if not nums:
            raise BrookRuntimeError(line, "operands of '%s' must be numbers" % op)
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise BrookRuntimeError(line, "division by zero")
        if op == "/":
            return a / b
        if op == "//":
            return a // b
        if op == "%":
            return a % b
        raise AssertionError(op)

    def call(self, e):
        callee = self.eval(e.callee)
        args = [self.eval(a) for a in e.args]
        line = e.paren.line
        if not isinstance(callee, (Function, Native, Class)):
            raise BrookRuntimeError(line, "value of type %s is not callable" % type_name(callee))
        if len(args) != callee.arity():
            raise BrookRuntimeError(line, "expected %d arguments, got %d" % (callee.arity(), len(args)))
        if self.depth >= MAX_DEPTH:
            raise BrookRuntimeError(line, "call depth limit exceeded")
        self.depth += 1
        try:
            return callee.call(self, args, line)
        finally:
            self.depth -= 1


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: brook FILE\n")
        return 64
    with open(sys.argv[1], encoding="utf-8") as f:
        src = f.read()
    out = sys.stdout
    try:
        toks = scan(src)
        stmts = Parser(toks).program()
        Resolver().resolve_all(stmts)
    except StaticError as e:
        sys.stderr.write(e.report() + "\n")
        return 2
    interp = Interpreter(out)
    try:
        interp.run(stmts)
    except BrookRuntimeError as e:
        out.flush()
        sys.stderr.write("runtime error on line %d: %s\n" % (e.line, e.message))
        return 1
    finally:
        out.flush()
    return 0


if __name__ == "__main__":
    import threading
    sys.set_int_max_str_digits(0)
    threading.stack_size(512 * 1024 * 1024)
    result = []
    t = threading.Thread(target=lambda: result.append(main()))
    t.start()
    t.join()
    sys.exit(result[0] if result else 1)
