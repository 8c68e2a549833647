#!/usr/bin/env python3
"""Reference tree-walking interpreter for the Quill language.

Pipeline: scanner -> recursive-descent parser (AST) -> resolver (static scope
checks, variable depths) -> interpreter.  Exit codes: 0 ok, 65 static error,
70 runtime error.
"""
import math
import sys
import time

sys.setrecursionlimit(100000)

MAX_DEPTH = 200

KEYWORDS = {"and", "break", "class", "continue", "else", "false", "for", "fun", "if", "nil",
            "or", "print", "return", "super", "this", "true", "var", "while"}


class Token:
    __slots__ = ("type", "lexeme", "literal", "line")

    def __init__(self, type_, lexeme, literal, line):
        self.type, self.lexeme, self.literal, self.line = type_, lexeme, literal, line


class StaticError(Exception):
    def __init__(self, line, where, message):
        super().__init__(message)
        self.line, self.where, self.message = line, where, message

    def report(self):
        return "[line %d] Error%s: %s" % (self.line, self.where, self.message)


def token_error(tok, message):
    where = " at end" if tok.type == "EOF" else " at '%s'" % tok.lexeme
    return StaticError(tok.line, where, message)


class QuillRuntimeError(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


# ---------------------------------------------------------------- scanner
def scan(src):
    toks = []
    i, line, n = 0, 1, len(src)
    two = {"!=", "==", "<=", ">="}
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif src.startswith("//", i):
            while i < n and src[i] != "\n":
                i += 1
        elif src[i:i + 2] in two:
            toks.append(Token(src[i:i + 2], src[i:i + 2], None, line))
            i += 2
        elif c in "(){}[],.;:+-*/%!=<>":
            toks.append(Token(c, c, None, line))
            i += 1
        elif c == '"':
            start_line = line
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise StaticError(start_line, "", "Unterminated string.")
                ch = src[j]
                if ch == '"':
                    break
                if ch == "\\":
                    if j + 1 >= n:
                        raise StaticError(start_line, "", "Unterminated string.")
                    esc = src[j + 1]
                    if esc not in 'nt"\\':
                        raise StaticError(line, "", "Invalid escape sequence.")
                    buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}[esc])
                    j += 2
                    continue
                if ch == "\n":
                    line += 1
                buf.append(ch)
                j += 1
            toks.append(Token("STRING", src[i:j + 1], "".join(buf), start_line))
            i = j + 1
        elif c.isdigit():
            j = i
            while j < n and src[j].isdigit():
                j += 1
            if j + 1 < n and src[j] == "." and src[j + 1].isdigit():
                j += 1
                while j < n and src[j].isdigit():
                    j += 1
            toks.append(Token("NUMBER", src[i:j], float(src[i:j]), line))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_") and src[j].isascii():
                j += 1
            word = src[i:j]
            toks.append(Token(word if word in KEYWORDS else "IDENT", word, None, line))
            i = j
        else:
            raise StaticError(line, "", "Unexpected character.")
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
        if self.match("fun"):
            return self.function("function")
        if self.match("var"):
            return self.var_decl()
        return self.statement()

    def class_decl(self):
        name = self.consume("IDENT", "Expect class name.")
        superclass = None
        if self.match("<"):
            sname = self.consume("IDENT", "Expect superclass name.")
            superclass = Node("Variable", name=sname)
        self.consume("{", "Expect '{' before class body.")
        methods = []
        while not self.check("}") and not self.check("EOF"):
            methods.append(self.function("method"))
        self.consume("}", "Expect '}' after class body.")
        return Node("Class", name=name, superclass=superclass, methods=methods)

    def function(self, kind):
        name = self.consume("IDENT", "Expect %s name." % kind)
        params, body = self.function_rest("Expect '(' after %s name." % kind)
        return Node("Function", name=name, params=params, body=body)

    def function_rest(self, paren_message):
        self.consume("(", paren_message)
        params = []
        if not self.check(")"):
            while True:
                params.append(self.consume("IDENT", "Expect parameter name."))
                if not self.match(","):
                    break
        self.consume(")", "Expect ')' after parameters.")
        self.consume("{", "Expect '{' before function body.")
        return params, self.block()

    def var_decl(self):
        name = self.consume("IDENT", "Expect variable name.")
        init = self.expression() if self.match("=") else None
        self.consume(";", "Expect ';' after variable declaration.")
        return Node("Var", name=name, init=init)

    def statement(self):
        if self.match("print"):
            value = self.expression()
            self.consume(";", "Expect ';' after value.")
            return Node("Print", expr=value)
        if self.match("{"):
            return Node("Block", stmts=self.block())
        if self.match("if"):
            self.consume("(", "Expect '(' after 'if'.")
            cond = self.expression()
            self.consume(")", "Expect ')' after if condition.")
            then = self.statement()
            other = self.statement() if self.match("else") else None
            return Node("If", cond=cond, then=then, other=other)
        if self.match("while"):
            self.consume("(", "Expect '(' after 'while'.")
            cond = self.expression()
            self.consume(")", "Expect ')' after condition.")
            return Node("While", cond=cond, body=self.statement(), incr=None)
        if self.match("for"):
            return self.for_stmt()
        if self.match("return"):
            kw = self.previous()
            value = None if self.check(";") else self.expression()
            self.consume(";", "Expect ';' after return value.")
            return Node("Return", keyword=kw, value=value)
        if self.match("break"):
            kw = self.previous()
            self.consume(";", "Expect ';' after 'break'.")
            return Node("Break", keyword=kw)
        if self.match("continue"):
            kw = self.previous()
            self.consume(";", "Expect ';' after 'continue'.")
            return Node("Continue", keyword=kw)
        expr = self.expression()
        self.consume(";", "Expect ';' after expression.")
        return Node("Expression", expr=expr)

    def for_stmt(self):
        self.consume("(", "Expect '(' after 'for'.")
        if self.match(";"):
            init = None
        elif self.match("var"):
            init = self.var_decl()
        else:
            expr = self.expression()
            self.consume(";", "Expect ';' after expression.")
            init = Node("Expression", expr=expr)
        cond = None if self.check(";") else self.expression()
        self.consume(";", "Expect ';' after loop condition.")
        incr = None if self.check(")") else self.expression()
        self.consume(")", "Expect ')' after for clauses.")
        body = self.statement()
        loop = Node("While", cond=cond or Node("Literal", value=True), body=body, incr=incr)
        if init is None:
            return loop
        return Node("Block", stmts=[init, loop])

    def block(self):
        stmts = []
        while not self.check("}") and not self.check("EOF"):
            stmts.append(self.declaration())
        self.consume("}", "Expect '}' after block.")
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
            raise token_error(equals, "Invalid assignment target.")
        return expr

    def or_(self):
        expr = self.and_()
        while self.match("or"):
            expr = Node("Logical", left=expr, op=self.previous(), right=self.and_())
        return expr

    def and_(self):
        expr = self.equality()
        while self.match("and"):
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
        return self.binary_level(("/", "*", "%"), self.unary)

    def unary(self):
        if self.match("!", "-"):
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
                paren = self.consume(")", "Expect ')' after arguments.")
                expr = Node("Call", callee=expr, paren=paren, args=args)
            elif self.match("."):
                name = self.consume("IDENT", "Expect property name after '.'.")
                expr = Node("Get", obj=expr, name=name)
            elif self.match("["):
                bracket = self.previous()
                index = self.expression()
                self.consume("]", "Expect ']' after index.")
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
        if t == "nil":
            self.advance()
            return Node("Literal", value=None)
        if t in ("NUMBER", "STRING"):
            self.advance()
            return Node("Literal", value=tok.literal)
        if t == "this":
            self.advance()
            return Node("This", keyword=tok)
        if t == "super":
            self.advance()
            self.consume(".", "Expect '.' after 'super'.")
            method = self.consume("IDENT", "Expect superclass method name.")
            return Node("Super", keyword=tok, method=method)
        if t == "IDENT":
            self.advance()
            return Node("Variable", name=tok)
        if t == "(":
            self.advance()
            expr = self.expression()
            self.consume(")", "Expect ')' after expression.")
            return Node("Grouping", expr=expr)
        if t == "[":
            self.advance()
            items = []
            if not self.check("]"):
                while True:
                    items.append(self.expression())
                    if not self.match(","):
                        break
            self.consume("]", "Expect ']' after list elements.")
            return Node("ListLit", items=items)
        if t == "{":
            self.advance()
            brace = tok
            entries = []
            if not self.check("}"):
                while True:
                    k = self.expression()
                    self.consume(":", "Expect ':' after map key.")
                    entries.append((k, self.expression()))
                    if not self.match(","):
                        break
            self.consume("}", "Expect '}' after map entries.")
            return Node("MapLit", entries=entries, brace=brace)
        if t == "fun":
            self.advance()
            params, body = self.function_rest("Expect '(' after 'fun'.")
            return Node("Lambda", fn=Node("Function", name=None, params=params, body=body))
        raise token_error(tok, "Expect expression.")


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
            raise token_error(name, "Already a variable with this name in this scope.")
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
                    raise token_error(s.superclass.name, "A class can't inherit from itself.")
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
        elif k == "Return":
            if self.function is None:
                raise token_error(s.keyword, "Can't return from top-level code.")
            if s.value is not None:
                if self.function == "initializer":
                    raise token_error(s.keyword, "Can't return a value from an initializer.")
                self.expr(s.value)
        elif k == "Break":
            if self.loop_depth == 0:
                raise token_error(s.keyword, "Can't use 'break' outside of a loop.")
        elif k == "Continue":
            if self.loop_depth == 0:
                raise token_error(s.keyword, "Can't use 'continue' outside of a loop.")
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
                raise token_error(e.name, "Can't read local variable in its own initializer.")
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
                raise token_error(e.keyword, "Can't use 'this' outside of a class.")
            self.local(e, "this")
        elif k == "Super":
            if self.klass is None:
                raise token_error(e.keyword, "Can't use 'super' outside of a class.")
            if self.klass != "subclass":
                raise token_error(e.keyword, "Can't use 'super' in a class with no superclass.")
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


def map_key(v, line):
    if v is None or isinstance(v, (bool, float, str)):
        return (type(v).__name__, v)
    raise QuillRuntimeError(line, "Invalid map key.")


def fmt_number(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def stringify(v, nested=False):
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        return fmt_number(v)
    if isinstance(v, str):
        return '"' + v + '"' if nested else v
    if isinstance(v, list):
        return "[" + ", ".join(stringify(x, True) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (stringify(k[1], True), stringify(val, True))
                               for k, val in v.items()) + "}"
    if isinstance(v, Function):
        return "<fn>" if v.decl.name is None else "<fn %s>" % v.decl.name.lexeme
    if isinstance(v, Native):
        return "<native fn>"
    if isinstance(v, Class):
        return v.name
    if isinstance(v, Instance):
        return v.klass.name + " instance"
    raise AssertionError(type(v))


def type_name(v):
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, float):
        return "number"
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


def is_int(v):
    return isinstance(v, float) and not isinstance(v, bool) and math.isfinite(v) and v == math.floor(v)


def is_num(v):
    return isinstance(v, float)


def truthy(v):
    return not (v is None or v is False)


def equal(a, b):
    if isinstance(a, (bool, float, str)) or a is None:
        return type(a) is type(b) and a == b
    return a is b


# ---------------------------------------------------------------- natives
def make_natives():
    def err(line, msg):
        raise QuillRuntimeError(line, msg)

    def n_clock(a, line):
        return time.time()

    def n_len(a, line):
        x = a[0]
        if isinstance(x, (str, list, dict)):
            return float(len(x))
        err(line, "len: expected string, list or map.")

    def n_str(a, line):
        return stringify(a[0])

    def n_num(a, line):
        x = a[0]
        if is_num(x):
            return x
        if not isinstance(x, str):
            err(line, "num: expected string or number.")
        s = x[1:] if x.startswith("-") else x
        head, dot, tail = s.partition(".")
        if not head.isdigit() or not head.isascii() or (dot and (not tail.isdigit() or not tail.isascii())):
            return None
        return float(x)

    def n_type(a, line):
        return type_name(a[0])

    def n_push(a, line):
        if not isinstance(a[0], list):
            err(line, "push: expected list.")
        a[0].append(a[1])
        return None

    def n_pop(a, line):
        if not isinstance(a[0], list):
            err(line, "pop: expected list.")
        if not a[0]:
            err(line, "pop: empty list.")
        return a[0].pop()

    def n_keys(a, line):
        if not isinstance(a[0], dict):
            err(line, "keys: expected map.")
        return [k[1] for k in a[0]]

    def n_has(a, line):
        if not isinstance(a[0], dict):
            err(line, "has: expected map.")
        return map_key(a[1], line) in a[0]

    def n_remove(a, line):
        if not isinstance(a[0], dict):
            err(line, "remove: expected map.")
        return a[0].pop(map_key(a[1], line), None)

    def n_substr(a, line):
        s, i, j = a
        if not isinstance(s, str):
            err(line, "substr: expected string.")
        if not is_int(i) or not is_int(j):
            err(line, "substr: expected integer indices.")
        if not 0 <= i <= j <= len(s):
            err(line, "substr: index out of range.")
        return s[int(i):int(j)]

    def n_join(a, line):
        if not isinstance(a[0], list) or not isinstance(a[1], str):
            err(line, "join: expected list and string.")
        return a[1].join(stringify(x) for x in a[0])

    def n_split(a, line):
        if not isinstance(a[0], str) or not isinstance(a[1], str):
            err(line, "split: expected two strings.")
        if a[1] == "":
            err(line, "split: separator must not be empty.")
        return a[0].split(a[1])

    def n_floor(a, line):
        if not is_num(a[0]):
            err(line, "floor: expected number.")
        x = a[0]
        return float(math.floor(x)) if math.isfinite(x) else x

    def n_sqrt(a, line):
        if not is_num(a[0]) or a[0] < 0:
            err(line, "sqrt: expected non-negative number.")
        return math.sqrt(a[0])

    def n_abs(a, line):
        if not is_num(a[0]):
            err(line, "abs: expected number.")
        return abs(a[0])

    def n_ord(a, line):
        if not isinstance(a[0], str) or len(a[0]) != 1:
            err(line, "ord: expected single-character string.")
        return float(ord(a[0]))

    def n_chr(a, line):
        if not is_int(a[0]) or not 0 <= a[0] <= 127:
            err(line, "chr: expected integer from 0 to 127.")
        return chr(int(a[0]))

    table = [("clock", 0, n_clock), ("len", 1, n_len), ("str", 1, n_str), ("num", 1, n_num),
             ("type", 1, n_type), ("push", 2, n_push), ("pop", 1, n_pop), ("keys", 1, n_keys),
             ("has", 2, n_has), ("remove", 2, n_remove), ("substr", 3, n_substr),
             ("join", 2, n_join), ("split", 2, n_split), ("floor", 1, n_floor),
             ("sqrt", 1, n_sqrt), ("abs", 1, n_abs), ("ord", 1, n_ord), ("chr", 1, n_chr)]
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
                if s.incr is not None:
                    self.eval(s.incr)
        elif k == "Function":
            self.env.values[s.name.lexeme] = Function(s, self.env)
        elif k == "Class":
            superclass = None
            if s.superclass is not None:
                superclass = self.eval(s.superclass)
                if not isinstance(superclass, Class):
                    raise QuillRuntimeError(s.superclass.name.line, "Superclass must be a class.")
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
        raise QuillRuntimeError(name.line, "Undefined variable '%s'." % name.lexeme)

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
                raise QuillRuntimeError(e.name.line, "Undefined variable '%s'." % e.name.lexeme)
            return value
        if k == "Logical":
            left = self.eval(e.left)
            if e.op.type == "or":
                return left if truthy(left) else self.eval(e.right)
            return self.eval(e.right) if truthy(left) else left
        if k == "Unary":
            right = self.eval(e.right)
            if e.op.type == "!":
                return not truthy(right)
            if not is_num(right):
                raise QuillRuntimeError(e.op.line, "Operand must be a number.")
            return -right
        if k == "Binary":
            return self.binary(e)
        if k == "Call":
            return self.call(e)
        if k == "Get":
            obj = self.eval(e.obj)
            if not isinstance(obj, Instance):
                raise QuillRuntimeError(e.name.line, "Only instances have properties.")
            name = e.name.lexeme
            if name in obj.fields:
                return obj.fields[name]
            method = obj.klass.find(name)
            if method is None:
                raise QuillRuntimeError(e.name.line, "Undefined property '%s'." % name)
            return method.bind(obj)
        if k == "Set":
            obj = self.eval(e.obj)
            if not isinstance(obj, Instance):
                raise QuillRuntimeError(e.name.line, "Only instances have fields.")
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
                raise QuillRuntimeError(line, "Can only assign to list or map elements.")
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
                raise QuillRuntimeError(e.method.line, "Undefined property '%s'." % e.method.lexeme)
            return method.bind(obj)
        if k == "Lambda":
            return Function(e.fn, self.env)
        raise AssertionError(k)

    @staticmethod
    def list_index(seq, index, line):
        if not is_int(index):
            raise QuillRuntimeError(line, "Index must be an integer.")
        if not 0 <= index < len(seq):
            raise QuillRuntimeError(line, "Index out of range.")
        return int(index)

    def index_get(self, obj, index, line):
        if isinstance(obj, (list, str)):
            return obj[self.list_index(obj, index, line)]
        if isinstance(obj, dict):
            key = map_key(index, line)
            if key not in obj:
                raise QuillRuntimeError(line, "Key not found.")
            return obj[key]
        raise QuillRuntimeError(line, "Can only index lists, maps and strings.")

    def binary(self, e):
        a = self.eval(e.left)
        b = self.eval(e.right)
        op = e.op.type
        line = e.op.line
        if op == "==":
            return equal(a, b)
        if op == "!=":
            return not equal(a, b)
        if op == "+":
            if is_num(a) and is_num(b):
                return a + b
            if isinstance(a, str) and isinstance(b, str):
                return a + b
            if isinstance(a, list) and isinstance(b, list):
                return a + b
            raise QuillRuntimeError(line, "Operands must be two numbers, two strings or two lists.")
        if not (is_num(a) and is_num(b)):
            raise QuillRuntimeError(line, "Operands must be numbers.")
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise QuillRuntimeError(line, "Division by zero.")
            return a / b
        if op == "%":
            if b == 0:
                raise QuillRuntimeError(line, "Division by zero.")
            return math.fmod(a, b)
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        raise AssertionError(op)

    def call(self, e):
        callee = self.eval(e.callee)
        args = [self.eval(a) for a in e.args]
        line = e.paren.line
        if not isinstance(callee, (Function, Native, Class)):
            raise QuillRuntimeError(line, "Can only call functions and classes.")
        if len(args) != callee.arity():
            raise QuillRuntimeError(line, "Expected %d arguments but got %d." % (callee.arity(), len(args)))
        if self.depth >= MAX_DEPTH:
            raise QuillRuntimeError(line, "Stack overflow.")
        self.depth += 1
        try:
            return callee.call(self, args, line)
        finally:
            self.depth -= 1


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: quill FILE\n")
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
        return 65
    interp = Interpreter(out)
    try:
        interp.run(stmts)
    except QuillRuntimeError as e:
        out.flush()
        sys.stderr.write("%s\n[line %d]\n" % (e.message, e.line))
        return 70
    finally:
        out.flush()
    return 0


if __name__ == "__main__":
    import threading
    threading.stack_size(512 * 1024 * 1024)
    result = []
    t = threading.Thread(target=lambda: result.append(main()))
    t.start()
    t.join()
    sys.exit(result[0] if result else 70)
