var v0 = substr("hello", 0, 1);
if (!6) print {"k": 1}["k"]; else print !v0;
v0 = "hello"[0];
print {};
{ var t = [12345678];
  print t; }
print nil;
print v0;
if (13) print !substr("hello", 1, 2); else print [[]];
print 2.40;
print str(7);
print [];
var v1 = type(v0);
var v2 = v1;
var v3 = v0;
v2 = str((v3 and substr("10", 0, 1)));
if ("q\"q") print v2; else print {"j": (65536 + v0)};
print v0;
