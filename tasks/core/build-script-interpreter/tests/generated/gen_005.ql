var v0 = false;
var v1 = false;
if (v0) print {}; else print [[65536]];
print v0;
print substr("10", 2, 2);
var v2 = v1;
v2 = type(v0);
var v3 = {"k": 17};
{ var t = substr("a", 1, 1);
  print t; }
v0 = type(v0);
print substr("q\"q", 0, 2);
var v4 = (18 or {"j": substr("a\tb", 0, 1), "k": (16 + 999999)});
