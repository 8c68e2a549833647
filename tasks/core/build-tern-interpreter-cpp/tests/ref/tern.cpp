// Tern interpreter (reference): a tree-walking interpreter in C++20, standard library only.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <pthread.h>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using std::shared_ptr;
using std::string;
using std::vector;

// ---------------------------------------------------------------- lexer
enum TokKind { TEOF, TINT, TSTR, TIDENT, TKEYWORD, TPUNCT, TERROR };

struct Token {
  TokKind kind;
  string text;
  int64_t ival = 0;
  int line;
};

static const std::unordered_set<string> KEYWORDS = {
    "let", "fn", "if", "else", "while", "for", "in", "return", "break", "continue",
    "true", "false", "nil", "and", "or", "not", "try", "catch", "throw"};

static bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool isIdentStart(unsigned char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int hexVal(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static vector<Token> lex(const string& src) {
  vector<Token> toks;
  int line = 1;
  size_t i = 0, n = src.size();
  auto err = [&](const string& msg) { toks.push_back({TERROR, msg, 0, line}); };
  for (;;) {
    while (i < n) {
      unsigned char c = src[i];
      if (c == ' ' || c == '\t' || c == '\r') i++;
      else if (c == '\n') { line++; i++; }
      else if (c == '#') { while (i < n && src[i] != '\n') i++; }
      else break;
    }
    if (i >= n) { toks.push_back({TEOF, "", 0, line}); return toks; }
    unsigned char c = src[i];
    if (isDigit(c)) {
      size_t j = i;
      uint64_t v = 0;
      bool over = false;
      while (j < n && isDigit(src[j])) {
        unsigned d = src[j] - '0';
        if (v > (uint64_t)(INT64_MAX - d) / 10) over = true;
        else v = v * 10 + d;
        j++;
      }
      if (over) { err("integer literal too large"); return toks; }
      toks.push_back({TINT, "", (int64_t)v, line});
      i = j;
    } else if (isIdentStart(c)) {
      size_t j = i;
      while (j < n && (isIdentStart(src[j]) || isDigit(src[j]))) j++;
      string w = src.substr(i, j - i);
      toks.push_back({KEYWORDS.count(w) ? TKEYWORD : TIDENT, w, 0, line});
      i = j;
    } else if (c == '"') {
      size_t j = i + 1;
      string buf;
      for (;;) {
        if (j >= n || src[j] == '\n') { err("unterminated string"); return toks; }
        unsigned char ch = src[j];
        if (ch == '"') { j++; break; }
        if (ch == '\\') {
          if (j + 1 >= n) { err("unterminated string"); return toks; }
          unsigned char e = src[j + 1];
          if (e == 'n') { buf += '\n'; j += 2; }
          else if (e == 't') { buf += '\t'; j += 2; }
          else if (e == '"') { buf += '"'; j += 2; }
          else if (e == '\\') { buf += '\\'; j += 2; }
          else if (e == 'x' && j + 3 < n && hexVal(src[j + 2]) >= 0 && hexVal(src[j + 3]) >= 0) {
            buf += (char)(hexVal(src[j + 2]) * 16 + hexVal(src[j + 3]));
            j += 4;
          } else { err("bad escape"); return toks; }
          continue;
        }
        buf += (char)ch;
        j++;
      }
      toks.push_back({TSTR, buf, 0, line});
      i = j;
    } else {
      string two = i + 1 < n ? src.substr(i, 2) : "";
      if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
        toks.push_back({TPUNCT, two, 0, line});
        i += 2;
        continue;
      }
      if (strchr("()[]{},;:=<>+-*/%", c) && c != 0) {
        toks.push_back({TPUNCT, string(1, (char)c), 0, line});
        i++;
      } else { err("unexpected character"); return toks; }
    }
  }
}

// ---------------------------------------------------------------- names
static std::unordered_map<string, int> nameIds;
static vector<string> names;
static int intern(const string& s) {
  auto it = nameIds.find(s);
  if (it != nameIds.end()) return it->second;
  int id = (int)names.size();
  names.push_back(s);
  nameIds[s] = id;
  return id;
}

// ---------------------------------------------------------------- AST
enum NodeKind {
  N_INT, N_STR, N_BOOL, N_NIL, N_VAR, N_BINARY, N_UNARY_NEG, N_NOT, N_AND, N_OR, N_CALL,
  N_INDEX, N_LIST, N_MAP, N_FN,
  S_BLOCK, S_LET, S_FNDECL, S_IF, S_WHILE, S_FOR, S_TRY, S_RETURN, S_BREAK, S_CONTINUE,
  S_THROW, S_ASSIGN, S_EXPR
};
enum BinOp { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
static const char* OPNAMES[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="};

struct Value;
struct Node {
  NodeKind kind;
  int line = 0;
  int op = 0;             // BinOp
  int64_t ival = 0;       // int literal / bool
  int name = -1;          // variable / let / fn / for / catch name
  shared_ptr<string> str; // string literal (shared so values reuse it)
  vector<Node*> kids;     // operands, args, statements, map keys/values interleaved
  vector<int> params;
  string fnName;          // "" for function expressions
  bool scoped = false;    // block defines names directly
  bool paren = false;
};

struct SyntaxError { int line; string msg; };

struct Parser {
  vector<Token> toks;
  size_t pos = 0;
  int loopDepth = 0, fnDepth = 0;

  const Token& peek() { return toks[pos]; }
  [[noreturn]] void failTok(const Token& t, const string& msg) {
    throw SyntaxError{t.line, t.kind == TERROR ? t.text : msg};
  }
  [[noreturn]] void failAt(const string& msg) { failTok(peek(), msg); }
  Token next() {
    Token t = toks[pos];
    if (t.kind == TERROR) failTok(t, "");
    if (t.kind != TEOF) pos++;
    return t;
  }
  bool is(const char* text) {
    const Token& t = peek();
    return (t.kind == TPUNCT || t.kind == TKEYWORD) && t.text == text;
  }
  Token expect(const char* text) {
    if (!is(text)) failAt(string("expected '") + text + "'");
    return next();
  }
  int ident() {
    const Token& t = peek();
    if (t.kind != TIDENT) failAt("expected a name");
    int id = intern(t.text);
    next();
    return id;
  }
  Node* mk(NodeKind k, int line) { Node* n = new Node(); n->kind = k; n->line = line; return n; }

  Node* program() {
    Node* b = mk(S_BLOCK, 1);
    while (peek().kind != TEOF) {
      if (peek().kind == TERROR) failTok(peek(), "");
      b->kids.push_back(statement());
    }
    return b;
  }
  Node* block() {
    Token open = expect("{");
    Node* b = mk(S_BLOCK, open.line);
    while (!is("}")) {
      if (peek().kind == TEOF || peek().kind == TERROR) failAt("expected '}'");
      Node* s = statement();
      if (s->kind == S_LET || s->kind == S_FNDECL) b->scoped = true;
      b->kids.push_back(s);
    }
    next();
    return b;
  }
  Node* statement() {
    const Token t = peek();
    if (t.kind == TKEYWORD) {
      const string& w = t.text;
      if (w == "let") {
        next();
        Node* s = mk(S_LET, t.line);
        s->name = ident();
        expect("=");
        s->kids.push_back(expr());
        expect(";");
        return s;
      }
      if (w == "fn" && toks[pos + 1].kind == TIDENT) {
        next();
        Node* s = mk(S_FNDECL, t.line);
        s->name = ident();
        s->kids.push_back(fnRest(names[s->name], t.line));
        return s;
      }
      if (w == "if") return ifStmt();
      if (w == "while") {
        next();
        Node* s = mk(S_WHILE, t.line);
        s->kids.push_back(expr());
        loopDepth++;
        s->kids.push_back(block());
        loopDepth--;
        return s;
      }
      if (w == "for") {
        next();
        Node* s = mk(S_FOR, t.line);
        s->name = ident();
        expect("in");
        s->kids.push_back(expr());
        loopDepth++;
        s->kids.push_back(block());
        loopDepth--;
        return s;
      }
      if (w == "try") {
        next();
        Node* s = mk(S_TRY, t.line);
        s->kids.push_back(block());
        expect("catch");
        s->name = ident();
        s->kids.push_back(block());
        return s;
      }
      if (w == "return") {
        if (fnDepth == 0) failAt("'return' outside function");
        next();
        Node* s = mk(S_RETURN, t.line);
        if (!is(";")) s->kids.push_back(expr());
        expect(";");
        return s;
      }
      if (w == "break" || w == "continue") {
        if (loopDepth == 0) failAt("'" + w + "' outside loop");
        next();
        expect(";");
        return mk(w == "break" ? S_BREAK : S_CONTINUE, t.line);
      }
      if (w == "throw") {
        next();
        Node* s = mk(S_THROW, t.line);
        s->kids.push_back(expr());
        expect(";");
        return s;
      }
    }
    Node* e = expr();
    if (is("=")) {
      if (!((e->kind == N_VAR || e->kind == N_INDEX) && !e->paren)) failAt("invalid assignment target");
      next();
      Node* s = mk(S_ASSIGN, t.line);
      s->kids.push_back(e);
      s->kids.push_back(expr());
      expect(";");
      return s;
    }
    expect(";");
    Node* s = mk(S_EXPR, t.line);
    s->kids.push_back(e);
    return s;
  }
  Node* ifStmt() {
    Token t = expect("if");
    Node* s = mk(S_IF, t.line);
    s->kids.push_back(expr());
    s->kids.push_back(block());
    if (is("else")) {
      next();
      s->kids.push_back(is("if") ? ifStmt() : block());
    }
    return s;
  }
  Node* fnRest(const string& name, int line) {
    expect("(");
    Node* f = mk(N_FN, line);
    f->fnName = name;
    if (!is(")")) {
      for (;;) {
        if (peek().kind == TIDENT) {
          int id = intern(peek().text);
          if (std::find(f->params.begin(), f->params.end(), id) != f->params.end())
            failAt("duplicate parameter");
        }
        f->params.push_back(ident());
        if (is(",")) { next(); continue; }
        break;
      }
    }
    expect(")");
    int savedLoop = loopDepth;
    loopDepth = 0;
    fnDepth++;
    f->kids.push_back(block());
    fnDepth--;
    loopDepth = savedLoop;
    return f;
  }
  Node* expr() { return orExpr(); }
  Node* orExpr() {
    Node* l = andExpr();
    while (is("or")) {
      Token t = next();
      Node* n = mk(N_OR, t.line);
      n->kids = {l, andExpr()};
      l = n;
    }
    return l;
  }
  Node* andExpr() {
    Node* l = notExpr();
    while (is("and")) {
      Token t = next();
      Node* n = mk(N_AND, t.line);
      n->kids = {l, notExpr()};
      l = n;
    }
    return l;
  }
  Node* notExpr() {
    if (is("not")) {
      Token t = next();
      Node* n = mk(N_NOT, t.line);
      n->kids = {notExpr()};
      return n;
    }
    return cmpExpr();
  }
  int cmpOp() {
    const Token& t = peek();
    if (t.kind != TPUNCT) return -1;
    for (int op = OP_EQ; op <= OP_GE; op++)
      if (t.text == OPNAMES[op]) return op;
    return -1;
  }
  Node* cmpExpr() {
    Node* l = addExpr();
    int op = cmpOp();
    if (op >= 0) {
      Token t = next();
      Node* n = mk(N_BINARY, t.line);
      n->op = op;
      n->kids = {l, addExpr()};
      if (cmpOp() >= 0) failAt("comparison operators cannot be chained");
      return n;
    }
    return l;
  }
  Node* addExpr() {
    Node* l = mulExpr();
    while (is("+") || is("-")) {
      Token t = next();
      Node* n = mk(N_BINARY, t.line);
      n->op = t.text == "+" ? OP_ADD : OP_SUB;
      n->kids = {l, mulExpr()};
      l = n;
    }
    return l;
  }
  Node* mulExpr() {
    Node* l = unary();
    while (is("*") || is("/") || is("%")) {
      Token t = next();
      Node* n = mk(N_BINARY, t.line);
      n->op = t.text == "*" ? OP_MUL : t.text == "/" ? OP_DIV : OP_MOD;
      n->kids = {l, unary()};
      l = n;
    }
    return l;
  }
  Node* unary() {
    if (is("-")) {
      Token t = next();
      Node* n = mk(N_UNARY_NEG, t.line);
      n->kids = {unary()};
      return n;
    }
    return postfix();
  }
  Node* postfix() {
    Node* e = primary();
    for (;;) {
      if (is("(")) {
        Token t = next();
        Node* c = mk(N_CALL, t.line);
        c->kids.push_back(e);
        if (!is(")")) {
          for (;;) {
            c->kids.push_back(expr());
            if (is(",")) { next(); continue; }
            break;
          }
        }
        expect(")");
        e = c;
      } else if (is("[")) {
        Token t = next();
        Node* x = mk(N_INDEX, t.line);
        x->kids = {e, expr()};
        expect("]");
        e = x;
      } else {
        return e;
      }
    }
  }
  Node* primary() {
    const Token t = peek();
    switch (t.kind) {
      case TINT: { next(); Node* n = mk(N_INT, t.line); n->ival = t.ival; return n; }
      case TSTR: { next(); Node* n = mk(N_STR, t.line); n->str = std::make_shared<string>(t.text); return n; }
      case TIDENT: { next(); Node* n = mk(N_VAR, t.line); n->name = intern(t.text); return n; }
      case TKEYWORD:
        if (t.text == "true" || t.text == "false") { next(); Node* n = mk(N_BOOL, t.line); n->ival = t.text == "true"; return n; }
        if (t.text == "nil") { next(); return mk(N_NIL, t.line); }
        if (t.text == "fn") { next(); return fnRest("", t.line); }
        break;
      case TPUNCT:
        if (t.text == "(") {
          next();
          Node* e = expr();
          expect(")");
          e->paren = true;
          return e;
        }
        if (t.text == "[") {
          next();
          Node* l = mk(N_LIST, t.line);
          if (!is("]")) {
            for (;;) {
              l->kids.push_back(expr());
              if (is(",")) { next(); continue; }
              break;
            }
          }
          expect("]");
          return l;
        }
        if (t.text == "{") {
          next();
          Node* m = mk(N_MAP, t.line);
          if (!is("}")) {
            for (;;) {
              m->kids.push_back(expr());
              expect(":");
              m->kids.push_back(expr());
              if (is(",")) { next(); continue; }
              break;
            }
          }
          expect("}");
          return m;
        }
        break;
      default:
        break;
    }
    failAt("expected an expression");
  }
};

// ---------------------------------------------------------------- values
enum VType { T_NIL, T_BOOL, T_INT, T_STR, T_LIST, T_MAP, T_FUNC, T_BUILTIN };

struct Value {
  VType t = T_NIL;
  int64_t i = 0;             // bool / int / builtin index
  shared_ptr<void> p;        // string / List / Map / Closure
};

struct List { vector<Value> items; };

struct MapKey {
  bool isStr;
  int64_t i;
  string s;
  bool operator==(const MapKey& o) const { return isStr == o.isStr && (isStr ? s == o.s : i == o.i); }
};
struct MapKeyHash {
  size_t operator()(const MapKey& k) const {
    return k.isStr ? std::hash<string>()(k.s) * 31 + 1 : std::hash<int64_t>()(k.i);
  }
};
struct MapEntry { Value key, val; bool live; };
struct Map {
  vector<MapEntry> entries;
  std::unordered_map<MapKey, size_t, MapKeyHash> index;
  size_t count = 0;
};

struct Env {
  vector<std::pair<int, Value>> vars;
  shared_ptr<Env> parent;
  Value* find(int name) {
    for (auto& kv : vars) if (kv.first == name) return &kv.second;
    return nullptr;
  }
  void define(int name, const Value& v) {
    if (Value* x = find(name)) { *x = v; return; }
    vars.emplace_back(name, v);
  }
};

struct Closure { Node* fn; shared_ptr<Env> env; };

struct RuntimeError {
  int line;
  string msg;
  bool isThrow;
  Value thrown;
};

[[noreturn]] static void rtErr(int line, const string& msg) { throw RuntimeError{line, msg, false, Value()}; }

static inline Value mkInt(int64_t v) { Value x; x.t = T_INT; x.i = v; return x; }
static inline Value mkBool(bool v) { Value x; x.t = T_BOOL; x.i = v; return x; }
static inline Value mkStr(string s) { Value x; x.t = T_STR; x.p = std::make_shared<string>(std::move(s)); return x; }
static inline Value mkList(vector<Value> items) {
  Value x; x.t = T_LIST; auto l = std::make_shared<List>(); l->items = std::move(items); x.p = l; return x;
}
static inline const string& S(const Value& v) { return *static_cast<string*>(v.p.get()); }
static inline List* L(const Value& v) { return static_cast<List*>(v.p.get()); }
static inline Map* M(const Value& v) { return static_cast<Map*>(v.p.get()); }
static inline Closure* F(const Value& v) { return static_cast<Closure*>(v.p.get()); }
static Value mkMap() { Value x; x.t = T_MAP; x.p = std::make_shared<Map>(); return x; }

static const char* typeName(const Value& v) {
  switch (v.t) {
    case T_NIL: return "nil";
    case T_BOOL: return "bool";
    case T_INT: return "int";
    case T_STR: return "string";
    case T_LIST: return "list";
    case T_MAP: return "map";
    default: return "function";
  }
}
static inline bool truthy(const Value& v) {
  if (v.t == T_NIL) return false;
  if (v.t == T_BOOL) return v.i != 0;
  return true;
}

static MapKey hashKey(const Value& k, int line) {
  if (k.t == T_INT) return MapKey{false, k.i, string()};
  if (k.t == T_STR) return MapKey{true, 0, S(k)};
  rtErr(line, string("unhashable type ") + typeName(k));
}
static Value* mapGet(Map* m, const MapKey& k) {
  auto it = m->index.find(k);
  if (it == m->index.end()) return nullptr;
  return &m->entries[it->second].val;
}
static void mapSet(Map* m, const MapKey& k, const Value& key, const Value& v) {
  auto it = m->index.find(k);
  if (it != m->index.end()) { m->entries[it->second].val = v; return; }
  m->index.emplace(k, m->entries.size());
  m->entries.push_back(MapEntry{key, v, true});
  m->count++;
}
static void mapDel(Map* m, const MapKey& k) {
  auto it = m->index.find(k);
  if (it == m->index.end()) return;
  m->entries[it->second] = MapEntry{Value(), Value(), false};
  m->index.erase(it);
  m->count--;
  if (m->entries.size() > 32 && m->count * 2 < m->entries.size()) {
    vector<MapEntry> ne;
    for (auto& e : m->entries) if (e.live) ne.push_back(e);
    m->entries = std::move(ne);
    m->index.clear();
    for (size_t j = 0; j < m->entries.size(); j++) m->index.emplace(hashKey(m->entries[j].key, 0), j);
  }
}
static vector<Value> mapKeys(Map* m) {
  vector<Value> out;
  out.reserve(m->count);
  for (auto& e : m->entries) if (e.live) out.push_back(e.key);
  return out;
}

static string reprString(const string& s) {
  string b = "\"";
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : s) {
    if (c == '"') b += "\\\"";
    else if (c == '\\') b += "\\\\";
    else if (c == '\n') b += "\\n";
    else if (c == '\t') b += "\\t";
    else if (c < 32 || c >= 127) { b += "\\x"; b += hex[c >> 4]; b += hex[c & 15]; }
    else b += (char)c;
  }
  b += '"';
  return b;
}

struct Builtin;
extern vector<Builtin> BUILTINS;
struct Builtin { string name; Value (*f)(struct Interp&, vector<Value>&, int); };

static void writeValue(string& b, const Value& v, bool quote, std::unordered_set<void*>& seen) {
  switch (v.t) {
    case T_NIL: b += "nil"; break;
    case T_BOOL: b += v.i ? "true" : "false"; break;
    case T_INT: b += std::to_string(v.i); break;
    case T_STR: if (quote) b += reprString(S(v)); else b += S(v); break;
    case T_LIST: {
      void* k = v.p.get();
      if (seen.count(k)) { b += "[...]"; return; }
      seen.insert(k);
      b += '[';
      List* l = L(v);
      for (size_t i = 0; i < l->items.size(); i++) {
        if (i) b += ", ";
        writeValue(b, l->items[i], true, seen);
      }
      b += ']';
      seen.erase(k);
      break;
    }
    case T_MAP: {
      void* k = v.p.get();
      if (seen.count(k)) { b += "{...}"; return; }
      seen.insert(k);
      b += '{';
      bool first = true;
      for (auto& e : M(v)->entries) {
        if (!e.live) continue;
        if (!first) b += ", ";
        first = false;
        writeValue(b, e.key, true, seen);
        b += ": ";
        writeValue(b, e.val, true, seen);
      }
      b += '}';
      seen.erase(k);
      break;
    }
    case T_FUNC: {
      const string& n = F(v)->fn->fnName;
      b += n.empty() ? string("<fn>") : "<fn " + n + ">";
      break;
    }
    case T_BUILTIN: b += "<builtin " + BUILTINS[v.i].name + ">"; break;
  }
}
static string display(const Value& v, bool quote) {
  if (v.t == T_STR && !quote) return S(v);
  string b;
  std::unordered_set<void*> seen;
  writeValue(b, v, quote, seen);
  return b;
}

static bool valuesEqual(const Value& a, const Value& b) {
  if (a.t != b.t) return false;
  switch (a.t) {
    case T_NIL: return true;
    case T_BOOL: case T_INT: case T_BUILTIN: return a.i == b.i;
    case T_STR: return S(a) == S(b);
    default: return a.p.get() == b.p.get();
  }
}

static inline int64_t wrapAdd(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t wrapSub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t wrapMul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static int64_t floorDiv(int64_t a, int64_t b) {
  if (b == -1) return wrapSub(0, a);
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}
static int64_t floorMod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  return m;
}

enum Ctl { C_NONE, C_BREAK, C_CONTINUE, C_RETURN };
static const int MAX_DEPTH = 1000;
static const int64_t MAX_STR = 1 << 24;

struct Interp {
  string out;
  int depth = 0;
  shared_ptr<Env> globals;

  void flush() {
    if (!out.empty()) { fwrite(out.data(), 1, out.size(), stdout); out.clear(); }
  }

  Ctl execBlock(Node* b, const shared_ptr<Env>& env, Value& ret) {
    if (b->scoped) {
      auto scope = std::make_shared<Env>();
      scope->parent = env;
      for (Node* s : b->kids) { Ctl c = exec(s, scope, ret); if (c != C_NONE) return c; }
      return C_NONE;
    }
    for (Node* s : b->kids) { Ctl c = exec(s, env, ret); if (c != C_NONE) return c; }
    return C_NONE;
  }

  Ctl runIter(Node* st, const shared_ptr<Env>& env, const Value& x, Value& ret, bool& stop) {
    auto scope = std::make_shared<Env>();
    scope->parent = env;
    scope->vars.emplace_back(st->name, x);
    Ctl c = execBlock(st->kids[1], scope, ret);
    if (c == C_BREAK) { stop = true; return C_NONE; }
    if (c == C_RETURN) { stop = true; return C_RETURN; }
    return C_NONE;
  }

  Ctl exec(Node* s, const shared_ptr<Env>& env, Value& ret) {
    switch (s->kind) {
      case S_EXPR: eval(s->kids[0], env); return C_NONE;
      case S_LET: { Value v = eval(s->kids[0], env); env->define(s->name, v); return C_NONE; }
      case S_ASSIGN: {
        Node* t = s->kids[0];
        if (t->kind == N_VAR) {
          Value v = eval(s->kids[1], env);
          for (Env* e = env.get(); e; e = e->parent.get())
            if (Value* slot = e->find(t->name)) { *slot = std::move(v); return C_NONE; }
          rtErr(t->line, "undefined variable '" + names[t->name] + "'");
        }
        Value obj = eval(t->kids[0], env);
        Value idx = eval(t->kids[1], env);
        Value v = eval(s->kids[1], env);
        setIndex(obj, idx, v, t->line);
        return C_NONE;
      }
      case S_FNDECL: {
        Value f; f.t = T_FUNC;
        f.p = std::make_shared<Closure>(Closure{s->kids[0], env});
        env->define(s->name, f);
        return C_NONE;
      }
      case S_IF: {
        if (truthy(eval(s->kids[0], env))) return execBlock(s->kids[1], env, ret);
        if (s->kids.size() > 2) {
          Node* e = s->kids[2];
          if (e->kind == S_IF) return exec(e, env, ret);
          return execBlock(e, env, ret);
        }
        return C_NONE;
      }
      case S_WHILE: {
        while (truthy(eval(s->kids[0], env))) {
          Ctl c = execBlock(s->kids[1], env, ret);
          if (c == C_BREAK) break;
          if (c == C_RETURN) return c;
        }
        return C_NONE;
      }
      case S_FOR: {
        Value it = eval(s->kids[0], env);
        bool stop = false;
        if (it.t == T_LIST) {
          List* l = L(it);
          for (size_t i = 0; i < l->items.size(); i++) {
            Value x = l->items[i];
            Ctl c = runIter(s, env, x, ret, stop);
            if (stop) return c;
          }
        } else if (it.t == T_MAP) {
          for (const Value& k : mapKeys(M(it))) {
            Ctl c = runIter(s, env, k, ret, stop);
            if (stop) return c;
          }
        } else if (it.t == T_STR) {
          string str = S(it);
          for (size_t i = 0; i < str.size(); i++) {
            Ctl c = runIter(s, env, mkStr(string(1, str[i])), ret, stop);
            if (stop) return c;
          }
        } else {
          rtErr(s->line, string("cannot iterate over ") + typeName(it));
        }
        return C_NONE;
      }
      case S_TRY: {
        int saved = depth;
        Value caught;
        try {
          return execBlock(s->kids[0], env, ret);
        } catch (RuntimeError& e) {
          depth = saved;
          caught = e.isThrow ? e.thrown : mkStr(e.msg);
        }
        auto scope = std::make_shared<Env>();
        scope->parent = env;
        scope->vars.emplace_back(s->name, caught);
        return execBlock(s->kids[1], scope, ret);
      }
      case S_RETURN:
        ret = s->kids.empty() ? Value() : eval(s->kids[0], env);
        return C_RETURN;
      case S_BREAK: return C_BREAK;
      case S_CONTINUE: return C_CONTINUE;
      case S_THROW: {
        Value v = eval(s->kids[0], env);
        throw RuntimeError{s->line, "", true, v};
      }
      default: return C_NONE;
    }
  }

  static int normIndex(const Value& idx, size_t n, const char* what, int line) {
    if (idx.t != T_INT) rtErr(line, string(what) + " index must be int");
    int64_t i = idx.i;
    if (i < 0) i += (int64_t)n;
    if (i < 0 || i >= (int64_t)n) rtErr(line, "index out of range");
    return (int)i;
  }

  void setIndex(const Value& obj, const Value& idx, const Value& v, int line) {
    switch (obj.t) {
      case T_LIST: { List* l = L(obj); l->items[normIndex(idx, l->items.size(), "list", line)] = v; return; }
      case T_MAP: mapSet(M(obj), hashKey(idx, line), idx, v); return;
      case T_STR: rtErr(line, "cannot assign to index of string");
      default: rtErr(line, string("cannot index ") + typeName(obj));
    }
  }

  Value getIndex(const Value& obj, const Value& idx, int line) {
    switch (obj.t) {
      case T_LIST: { List* l = L(obj); return l->items[normIndex(idx, l->items.size(), "list", line)]; }
      case T_STR: { const string& s = S(obj); int i = normIndex(idx, s.size(), "string", line); return mkStr(string(1, s[i])); }
      case T_MAP: {
        Value* v = mapGet(M(obj), hashKey(idx, line));
        if (!v) rtErr(line, "key not found: " + display(idx, true));
        return *v;
      }
      default: rtErr(line, string("cannot index ") + typeName(obj));
    }
  }

  Value binary(int op, const Value& l, const Value& r, int line) {
    if (op == OP_EQ) return mkBool(valuesEqual(l, r));
    if (op == OP_NE) return mkBool(!valuesEqual(l, r));
    if (op >= OP_LT) {
      int c;
      if (l.t == T_INT && r.t == T_INT) c = l.i < r.i ? -1 : l.i > r.i ? 1 : 0;
      else if (l.t == T_STR && r.t == T_STR) { int k = S(l).compare(S(r)); c = k < 0 ? -1 : k > 0 ? 1 : 0; }
      else rtErr(line, string("cannot compare ") + typeName(l) + " and " + typeName(r));
      switch (op) {
        case OP_LT: return mkBool(c < 0);
        case OP_LE: return mkBool(c <= 0);
        case OP_GT: return mkBool(c > 0);
        default: return mkBool(c >= 0);
      }
    }
    if (l.t == T_INT && r.t == T_INT) {
      int64_t a = l.i, b = r.i;
      switch (op) {
        case OP_ADD: return mkInt(wrapAdd(a, b));
        case OP_SUB: return mkInt(wrapSub(a, b));
        case OP_MUL: return mkInt(wrapMul(a, b));
        case OP_DIV: if (b == 0) rtErr(line, "division by zero"); return mkInt(floorDiv(a, b));
        case OP_MOD: if (b == 0) rtErr(line, "division by zero"); return mkInt(floorMod(a, b));
      }
    }
    if (op == OP_ADD) {
      if (l.t == T_STR && r.t == T_STR) return mkStr(S(l) + S(r));
      if (l.t == T_LIST && r.t == T_LIST) {
        vector<Value> items;
        items.reserve(L(l)->items.size() + L(r)->items.size());
        items.insert(items.end(), L(l)->items.begin(), L(l)->items.end());
        items.insert(items.end(), L(r)->items.begin(), L(r)->items.end());
        return mkList(std::move(items));
      }
    }
    if (op == OP_MUL && l.t == T_STR && r.t == T_INT) {
      int64_t n = r.i;
      const string& s = S(l);
      if (n <= 0 || s.empty()) return mkStr("");
      if (n > MAX_STR || (int64_t)s.size() * n > MAX_STR) rtErr(line, "string too long");
      string outS;
      outS.reserve(s.size() * n);
      for (int64_t k = 0; k < n; k++) outS += s;
      return mkStr(std::move(outS));
    }
    rtErr(line, string("unsupported operand types for ") + OPNAMES[op] + ": " + typeName(l) + " and " + typeName(r));
  }

  Value eval(Node* e, const shared_ptr<Env>& env) {
    switch (e->kind) {
      case N_INT: return mkInt(e->ival);
      case N_STR: { Value v; v.t = T_STR; v.p = e->str; return v; }
      case N_BOOL: return mkBool(e->ival != 0);
      case N_NIL: return Value();
      case N_VAR: {
        for (Env* s = env.get(); s; s = s->parent.get())
          if (Value* v = s->find(e->name)) return *v;
        rtErr(e->line, "undefined variable '" + names[e->name] + "'");
      }
      case N_BINARY: {
        Value l = eval(e->kids[0], env);
        Value r = eval(e->kids[1], env);
        if (l.t == T_INT && r.t == T_INT) {
          switch (e->op) {
            case OP_ADD: return mkInt(wrapAdd(l.i, r.i));
            case OP_SUB: return mkInt(wrapSub(l.i, r.i));
            case OP_LT: return mkBool(l.i < r.i);
            default: break;
          }
        }
        return binary(e->op, l, r, e->line);
      }
      case N_AND: { Value l = eval(e->kids[0], env); if (!truthy(l)) return l; return eval(e->kids[1], env); }
      case N_OR: { Value l = eval(e->kids[0], env); if (truthy(l)) return l; return eval(e->kids[1], env); }
      case N_NOT: return mkBool(!truthy(eval(e->kids[0], env)));
      case N_UNARY_NEG: {
        Value v = eval(e->kids[0], env);
        if (v.t == T_INT) return mkInt(wrapSub(0, v.i));
        rtErr(e->line, string("unsupported operand type for -: ") + typeName(v));
      }
      case N_CALL: {
        Value fv = eval(e->kids[0], env);
        vector<Value> args;
        args.reserve(e->kids.size() - 1);
        for (size_t i = 1; i < e->kids.size(); i++) args.push_back(eval(e->kids[i], env));
        return call(fv, args, e->line);
      }
      case N_INDEX: {
        Value obj = eval(e->kids[0], env);
        Value idx = eval(e->kids[1], env);
        return getIndex(obj, idx, e->line);
      }
      case N_LIST: {
        vector<Value> items;
        items.reserve(e->kids.size());
        for (Node* k : e->kids) items.push_back(eval(k, env));
        return mkList(std::move(items));
      }
      case N_MAP: {
        Value m = mkMap();
        for (size_t i = 0; i < e->kids.size(); i += 2) {
          Value k = eval(e->kids[i], env);
          Value v = eval(e->kids[i + 1], env);
          mapSet(M(m), hashKey(k, e->line), k, v);
        }
        return m;
      }
      case N_FN: {
        Value f; f.t = T_FUNC;
        f.p = std::make_shared<Closure>(Closure{e, env});
        return f;
      }
      default: return Value();
    }
  }

  Value call(const Value& fv, vector<Value>& args, int line);
};

Value Interp::call(const Value& fv, vector<Value>& args, int line) {
  if (fv.t == T_FUNC) {
    Closure* c = F(fv);
    Node* fn = c->fn;
    if (args.size() != fn->params.size())
      rtErr(line, "wrong number of arguments: expected " + std::to_string(fn->params.size()) +
                      ", got " + std::to_string(args.size()));
    if (depth >= MAX_DEPTH) rtErr(line, "call depth exceeded");
    depth++;
    auto scope = std::make_shared<Env>();
    scope->parent = c->env;
    scope->vars.reserve(args.size() + 2);
    for (size_t i = 0; i < args.size(); i++) scope->vars.emplace_back(fn->params[i], std::move(args[i]));
    Value ret;
    for (Node* s : fn->kids[0]->kids) {
      if (exec(s, scope, ret) == C_RETURN) break;
    }
    depth--;
    return ret;
  }
  if (fv.t == T_BUILTIN) return BUILTINS[fv.i].f(*this, args, line);
  rtErr(line, string("cannot call ") + typeName(fv));
}

// ---------------------------------------------------------------- built-ins
static void arity(const char* name, vector<Value>& a, size_t lo, long hi, int line) {
  if (a.size() < lo || (hi >= 0 && a.size() > (size_t)hi)) rtErr(line, string(name) + ": wrong number of arguments");
}
static List* asList(const char* name, const Value& v, int line) {
  if (v.t != T_LIST) rtErr(line, string(name) + ": expected a list");
  return L(v);
}
static Map* asMap(const char* name, const Value& v, int line) {
  if (v.t != T_MAP) rtErr(line, string(name) + ": expected a map");
  return M(v);
}
static size_t clampBound(int64_t v, size_t n) {
  if (v < 0) v += (int64_t)n;
  if (v < 0) return 0;
  if (v > (int64_t)n) return n;
  return (size_t)v;
}
static bool parseIntLiteral(const string& s, int64_t& out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
  if (i >= s.size()) return false;
  uint64_t v = 0;
  uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  for (; i < s.size(); i++) {
    if (!isDigit(s[i])) return false;
    unsigned d = s[i] - '0';
    if (v > (limit - d) / 10) return false;
    v = v * 10 + d;
  }
  out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return true;
}

static Value b_print(Interp& in, vector<Value>& a, int) {
  for (size_t i = 0; i < a.size(); i++) {
    if (i) in.out += ' ';
    if (a[i].t == T_STR) in.out += S(a[i]);
    else in.out += display(a[i], false);
  }
  in.out += '\n';
  if (in.out.size() > (1 << 16)) in.flush();
  return Value();
}
static Value b_len(Interp&, vector<Value>& a, int line) {
  arity("len", a, 1, 1, line);
  switch (a[0].t) {
    case T_STR: return mkInt((int64_t)S(a[0]).size());
    case T_LIST: return mkInt((int64_t)L(a[0])->items.size());
    case T_MAP: return mkInt((int64_t)M(a[0])->count);
    default: rtErr(line, string("len: unsupported type ") + typeName(a[0]));
  }
}
static Value b_str(Interp&, vector<Value>& a, int line) { arity("str", a, 1, 1, line); return a[0].t == T_STR ? a[0] : mkStr(display(a[0], false)); }
static Value b_repr(Interp&, vector<Value>& a, int line) { arity("repr", a, 1, 1, line); return mkStr(display(a[0], true)); }
static Value b_int(Interp&, vector<Value>& a, int line) {
  arity("int", a, 1, 1, line);
  switch (a[0].t) {
    case T_INT: return a[0];
    case T_BOOL: return mkInt(a[0].i ? 1 : 0);
    case T_STR: {
      int64_t v;
      if (!parseIntLiteral(S(a[0]), v)) rtErr(line, "int: invalid literal: " + reprString(S(a[0])));
      return mkInt(v);
    }
    default: rtErr(line, string("int: unsupported type ") + typeName(a[0]));
  }
}
static Value b_type(Interp&, vector<Value>& a, int line) { arity("type", a, 1, 1, line); return mkStr(typeName(a[0])); }
static Value b_push(Interp&, vector<Value>& a, int line) {
  arity("push", a, 2, 2, line);
  asList("push", a[0], line)->items.push_back(a[1]);
  return Value();
}
static Value b_pop(Interp&, vector<Value>& a, int line) {
  arity("pop", a, 1, 1, line);
  List* l = asList("pop", a[0], line);
  if (l->items.empty()) rtErr(line, "pop: empty list");
  Value v = l->items.back();
  l->items.pop_back();
  return v;
}
static Value b_range(Interp&, vector<Value>& a, int line) {
  arity("range", a, 1, 3, line);
  int64_t nums[3];
  for (size_t i = 0; i < a.size(); i++) {
    if (a[i].t != T_INT) rtErr(line, "range: expected int arguments");
    nums[i] = a[i].i;
  }
  int64_t start = 0, stop = 0, step = 1;
  if (a.size() == 1) stop = nums[0];
  else if (a.size() == 2) { start = nums[0]; stop = nums[1]; }
  else { start = nums[0]; stop = nums[1]; step = nums[2]; }
  if (step == 0) rtErr(line, "range: step must not be zero");
  uint64_t count = 0;
  if (step > 0 && start < stop) count = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
  else if (step < 0 && start > stop) count = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
  if (count > 10000000) rtErr(line, "range: too large");
  vector<Value> items(count);
  int64_t v = start;
  for (uint64_t i = 0; i < count; i++) { items[i] = mkInt(v); v = wrapAdd(v, step); }
  return mkList(std::move(items));
}
static Value b_keys(Interp&, vector<Value>& a, int line) { arity("keys", a, 1, 1, line); return mkList(mapKeys(asMap("keys", a[0], line))); }
static Value b_has(Interp&, vector<Value>& a, int line) {
  arity("has", a, 2, 2, line);
  Map* m = asMap("has", a[0], line);
  return mkBool(mapGet(m, hashKey(a[1], line)) != nullptr);
}
static Value b_del(Interp&, vector<Value>& a, int line) {
  arity("del", a, 2, 2, line);
  Map* m = asMap("del", a[0], line);
  mapDel(m, hashKey(a[1], line));
  return Value();
}
static Value b_slice(Interp&, vector<Value>& a, int line) {
  arity("slice", a, 3, 3, line);
  if (a[0].t != T_STR && a[0].t != T_LIST) rtErr(line, "slice: expected a string or list");
  if (a[1].t != T_INT || a[2].t != T_INT) rtErr(line, "slice: expected int bounds");
  if (a[0].t == T_STR) {
    const string& s = S(a[0]);
    size_t lo = clampBound(a[1].i, s.size()), hi = clampBound(a[2].i, s.size());
    return mkStr(lo >= hi ? string() : s.substr(lo, hi - lo));
  }
  List* l = L(a[0]);
  size_t lo = clampBound(a[1].i, l->items.size()), hi = clampBound(a[2].i, l->items.size());
  if (lo >= hi) return mkList({});
  return mkList(vector<Value>(l->items.begin() + lo, l->items.begin() + hi));
}
static Value b_chr(Interp&, vector<Value>& a, int line) {
  arity("chr", a, 1, 1, line);
  if (a[0].t != T_INT) rtErr(line, "chr: expected an int");
  if (a[0].i < 0 || a[0].i > 255) rtErr(line, "chr: out of range");
  return mkStr(string(1, (char)a[0].i));
}
static Value b_ord(Interp&, vector<Value>& a, int line) {
  arity("ord", a, 1, 1, line);
  if (a[0].t != T_STR || S(a[0]).size() != 1) rtErr(line, "ord: expected a string of length 1");
  return mkInt((unsigned char)S(a[0])[0]);
}
static Value b_split(Interp&, vector<Value>& a, int line) {
  arity("split", a, 2, 2, line);
  if (a[0].t != T_STR || a[1].t != T_STR) rtErr(line, "split: expected strings");
  const string& s = S(a[0]);
  const string& sep = S(a[1]);
  if (sep.empty()) rtErr(line, "split: empty separator");
  vector<Value> parts;
  size_t start = 0;
  for (;;) {
    size_t k = s.find(sep, start);
    if (k == string::npos) { parts.push_back(mkStr(s.substr(start))); break; }
    parts.push_back(mkStr(s.substr(start, k - start)));
    start = k + sep.size();
  }
  return mkList(std::move(parts));
}
static Value b_join(Interp&, vector<Value>& a, int line) {
  arity("join", a, 2, 2, line);
  if (a[0].t != T_LIST || a[1].t != T_STR) rtErr(line, "join: expected a list and a string");
  string outS;
  const string& sep = S(a[1]);
  List* l = L(a[0]);
  for (size_t i = 0; i < l->items.size(); i++) {
    if (l->items[i].t != T_STR) rtErr(line, "join: expected a list of strings");
    if (i) outS += sep;
    outS += S(l->items[i]);
  }
  return mkStr(std::move(outS));
}
static Value b_find(Interp&, vector<Value>& a, int line) {
  arity("find", a, 2, 2, line);
  if (a[0].t != T_STR || a[1].t != T_STR) rtErr(line, "find: expected strings");
  size_t k = S(a[0]).find(S(a[1]));
  return mkInt(k == string::npos ? -1 : (int64_t)k);
}
static Value b_sort(Interp& in, vector<Value>& a, int line) {
  arity("sort", a, 1, 2, line);
  List* l = asList("sort", a[0], line);
  vector<Value> snapshot = l->items;
  vector<Value> keys;
  keys.reserve(snapshot.size());
  if (a.size() == 2) {
    Value keyFn = a[1];
    for (const Value& it : snapshot) {
      vector<Value> args{it};
      keys.push_back(in.call(keyFn, args, line));
    }
  } else {
    keys = snapshot;
  }
  bool allInt = true, allStr = true;
  for (const Value& k : keys) {
    if (k.t != T_INT) allInt = false;
    if (k.t != T_STR) allStr = false;
  }
  if (!allInt && !allStr) rtErr(line, "sort: keys must be all ints or all strings");
  vector<size_t> idx(keys.size());
  for (size_t i = 0; i < idx.size(); i++) idx[i] = i;
  if (allInt) std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return keys[x].i < keys[y].i; });
  else std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return S(keys[x]) < S(keys[y]); });
  vector<Value> items;
  items.reserve(idx.size());
  for (size_t j : idx) items.push_back(snapshot[j]);
  l->items = std::move(items);
  return Value();
}
static Value b_abs(Interp&, vector<Value>& a, int line) {
  arity("abs", a, 1, 1, line);
  if (a[0].t != T_INT) rtErr(line, "abs: expected an int");
  return mkInt(a[0].i < 0 ? wrapSub(0, a[0].i) : a[0].i);
}
static Value minmax(const char* name, bool wantMin, vector<Value>& a, int line) {
  arity(name, a, 1, -1, line);
  bool allInt = true, allStr = true;
  for (auto& v : a) { if (v.t != T_INT) allInt = false; if (v.t != T_STR) allStr = false; }
  if (!allInt && !allStr) rtErr(line, string(name) + ": expected ints or strings");
  size_t best = 0;
  for (size_t i = 1; i < a.size(); i++) {
    bool better;
    if (allInt) better = wantMin ? a[i].i < a[best].i : a[i].i > a[best].i;
    else better = wantMin ? S(a[i]) < S(a[best]) : S(a[i]) > S(a[best]);
    if (better) best = i;
  }
  return a[best];
}
static Value b_min(Interp&, vector<Value>& a, int line) { return minmax("min", true, a, line); }
static Value b_max(Interp&, vector<Value>& a, int line) { return minmax("max", false, a, line); }
static Value b_assert(Interp&, vector<Value>& a, int line) {
  arity("assert", a, 2, 2, line);
  if (!truthy(a[0])) rtErr(line, "assertion failed: " + display(a[1], false));
  return Value();
}
static Value b_copy(Interp&, vector<Value>& a, int line) {
  arity("copy", a, 1, 1, line);
  if (a[0].t == T_LIST) return mkList(L(a[0])->items);
  if (a[0].t == T_MAP) {
    Value m = mkMap();
    for (auto& e : M(a[0])->entries)
      if (e.live) mapSet(M(m), hashKey(e.key, line), e.key, e.val);
    return m;
  }
  rtErr(line, "copy: expected a list or map");
}
static Value b_upper(Interp&, vector<Value>& a, int line) {
  arity("upper", a, 1, 1, line);
  if (a[0].t != T_STR) rtErr(line, "upper: expected a string");
  string s = S(a[0]);
  for (auto& c : s) if (c >= 'a' && c <= 'z') c -= 32;
  return mkStr(std::move(s));
}
static Value b_lower(Interp&, vector<Value>& a, int line) {
  arity("lower", a, 1, 1, line);
  if (a[0].t != T_STR) rtErr(line, "lower: expected a string");
  string s = S(a[0]);
  for (auto& c : s) if (c >= 'A' && c <= 'Z') c += 32;
  return mkStr(std::move(s));
}

vector<Builtin> BUILTINS = {
    {"print", b_print}, {"len", b_len}, {"str", b_str}, {"repr", b_repr}, {"int", b_int},
    {"type", b_type}, {"push", b_push}, {"pop", b_pop}, {"range", b_range}, {"keys", b_keys},
    {"has", b_has}, {"del", b_del}, {"slice", b_slice}, {"chr", b_chr}, {"ord", b_ord},
    {"split", b_split}, {"join", b_join}, {"find", b_find}, {"sort", b_sort}, {"abs", b_abs},
    {"min", b_min}, {"max", b_max}, {"assert", b_assert}, {"copy", b_copy}, {"upper", b_upper},
    {"lower", b_lower},
};

// ---------------------------------------------------------------- main
struct Job { string src; int code = 0; };

static void* runJob(void* arg) {
  Job* job = static_cast<Job*>(arg);
  Node* prog;
  try {
    Parser p;
    p.toks = lex(job->src);
    prog = p.program();
  } catch (SyntaxError& e) {
    fprintf(stderr, "syntax error: line %d: %s\n", e.line, e.msg.c_str());
    job->code = 2;
    return nullptr;
  }
  Interp in;
  in.globals = std::make_shared<Env>();
  for (size_t i = 0; i < BUILTINS.size(); i++) {
    Value b; b.t = T_BUILTIN; b.i = (int64_t)i;
    in.globals->define(intern(BUILTINS[i].name), b);
  }
  try {
    Value ret;
    for (Node* s : prog->kids) in.exec(s, in.globals, ret);
    in.flush();
    fflush(stdout);
    job->code = 0;
  } catch (RuntimeError& e) {
    in.flush();
    fflush(stdout);
    if (e.isThrow) fprintf(stderr, "error: line %d: uncaught throw: %s\n", e.line, display(e.thrown, true).c_str());
    else fprintf(stderr, "error: line %d: %s\n", e.line, e.msg.c_str());
    job->code = 1;
  }
  return nullptr;
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: tern FILE\n"); return 2; }
  std::ifstream f(argv[1], std::ios::binary);
  if (!f) { fprintf(stderr, "error: cannot read %s\n", argv[1]); return 2; }
  std::stringstream ss;
  ss << f.rdbuf();
  Job job;
  job.src = ss.str();
  // Deep Tern recursion (1000 calls) and deep nesting need more than the default 8 MB stack.
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t)1 << 30);
  pthread_t th;
  if (pthread_create(&th, &attr, runJob, &job) != 0) { runJob(&job); }
  else pthread_join(th, nullptr);
  fflush(stdout);
  _exit(job.code);
}
