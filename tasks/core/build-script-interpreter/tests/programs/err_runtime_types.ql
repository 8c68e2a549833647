print "before";
fun f(a) {
  return a + 1;
}
print f(1);
print f("x");
print "after";
