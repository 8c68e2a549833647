var a = 1;
var a = a + 1;
print a;
fun g() { return h(); }
fun h() { return "late bound"; }
print g();
