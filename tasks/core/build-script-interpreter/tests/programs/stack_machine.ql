// a tiny RPN evaluator
class Stack {
  init() { this.items = []; }
  push(x) { push(this.items, x); }
  pop() { return pop(this.items); }
  size() { return len(this.items); }
}
fun evalRPN(src) {
  var st = Stack();
  var toks = split(src, " ");
  for (var i = 0; i < len(toks); i = i + 1) {
    var t = toks[i];
    var n = num(t);
    if (n != nil) { st.push(n); continue; }
    var b = st.pop(); var a = st.pop();
    if (t == "+") st.push(a + b);
    else if (t == "-") st.push(a - b);
    else if (t == "*") st.push(a * b);
    else if (t == "/") st.push(a / b);
    else return "bad token " + t;
  }
  return st.pop();
}
print evalRPN("3 4 + 2 *");
print evalRPN("5 1 2 + 4 * + 3 -");
print evalRPN("2 3 ^");
print evalRPN("1 2 /");
print evalRPN("1 0 /");
print "unreachable";
