var v0 = floor(19);
print 16;
v0 = substr("q\"q", 1, 3);
print "";
v0 = v0;
print {true: v0, 1: v0};
if (v0) print substr("a\tb", 1, 2); else print 12345678;
print [v0, substr("x y", 1, 2)];
print nil;
print ("q\"q" + v0);
print !!type(v0);
print v0;
var v1 = (nil or "a\tb");
var v2 = !"10";
print [];
{ var t = [];
  print t; }
{ var t = ("10" and !v0);
  print t; }
var v3 = str("x y");
var v4 = {};
print ([1, 2, 3][0] or v3);
print v1;
print nil;
print [(num(true) <= (0.76 - 6)), {"k": 1}[1], !type(true)];
