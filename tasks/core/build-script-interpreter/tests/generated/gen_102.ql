var v0 = 65536;
print false;
print {"k": 1}["k"];
print [v0, 9];
print (1000 <= v0);
v0 = {"j": v0};
print 11;
var v1 = (([false, true, false] or (7 - 12345678)) or ([true, v0] == [1, 2, 3][1.5]));
var v2 = substr("hello", 2, 2);
print nil;
{ var t = str(-0.1);
  print t; }
print type((substr("", 2, 0) >= (14 + "a\tb")));
