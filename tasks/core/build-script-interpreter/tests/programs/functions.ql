fun add(a, b) { return a + b; }
print add(2, 3);
fun noReturn() { var x = 1; }
print noReturn();
fun early(n) {
  if (n > 0) return "positive";
  return "non-positive";
}
print early(5);
print early(-1);
fun fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
print fib(20);
fun fact(n) { if (n <= 1) return 1; return n * fact(n - 1); }
print fact(10);
print fact(25);
print add;
print clock;
print type(add);
fun outer() {
  fun inner() { return "inner called"; }
  return inner;
}
print outer()();
var f = fun (x) { return x * x; };
print f(9);
print fun () {};
fun apply(fn, v) { return fn(v); }
print apply(fun (s) { return s + "!"; }, "hi");
fun countdown(n) { while (true) { if (n == 0) return "done"; n = n - 1; } }
print countdown(10);
