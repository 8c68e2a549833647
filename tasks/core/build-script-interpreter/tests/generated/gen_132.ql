var v0 = substr("a\tb", 0, 3);
var v1 = !type(v0);
var v2 = v0;
print "a\tb";
var v3 = (nil or {});
{ var t = 0;
  print t; }
v2 = 19;
var v4 = v2;
print [];
print (1000 + substr("10", 0, 0));
