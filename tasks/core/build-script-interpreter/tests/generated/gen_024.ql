var v0 = 20;
print [v0];
v0 = substr("hello", 1, 1);
print type(v0);
print v0;
print 9;
{ var t = "hello"[0];
  print t; }
if ((substr("x y", 2, 3) or abs(true))) print 20; else print [{}, {"k": 1}["k"]];
print type("a");
var v1 = 4;
var v2 = (20 + 9.28);
