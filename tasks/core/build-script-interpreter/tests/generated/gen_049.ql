var v0 = 2;
if (!v0) print ((15 + v0) % nil); else print 1.93;
print ({"k": (8 != v0), nil: !nil} or false);
print 100;
var v1 = v0;
print ((sqrt(v1) + 0) != !-v0);
{ var t = (-v1 != (false != "a"));
  print t; }
print 100;
print substr("hello", 0, 4);
var v2 = 12345678;
var v3 = (num((20 - 65536)) or -str(v0));
print 16;
print {"j": abs("x y"), 2.5: v1};
