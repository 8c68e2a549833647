fun makeCounter() {
  var count = 0;
  fun inc() { count = count + 1; return count; }
  return inc;
}
var c1 = makeCounter();
var c2 = makeCounter();
print c1();
print c1();
print c2();
print c1();
var a = "global";
{
  fun showA() { print a; }
  showA();
  var a = "block";
  showA();
  print a;
}
fun makeAdders() {
  var adders = [];
  for (var i = 0; i < 3; i = i + 1) {
    var j = i;
    push(adders, fun (x) { return x + j; });
  }
  return adders;
}
var adders = makeAdders();
print adders[0](10);
print adders[2](10);
var shared = [];
for (var i = 0; i < 3; i = i + 1) push(shared, fun () { return i; });
print shared[0]();
fun pair() {
  var v = 0;
  fun get() { return v; }
  fun set(x) { v = x; }
  return [get, set];
}
var p = pair();
p[1](42);
print p[0]();
fun compose(f, g) { return fun (x) { return f(g(x)); }; }
var inc = fun (x) { return x + 1; };
var dbl = fun (x) { return x * 2; };
print compose(inc, dbl)(5);
print compose(dbl, inc)(5);
