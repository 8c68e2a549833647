var v0 = "a\tb";
print 19;
var v1 = v0;
var v2 = 2.21;
print ![];
var v3 = v2;
{ var t = 16;
  print t; }
var v4 = ![];
print substr("a\tb", 2, 1);
