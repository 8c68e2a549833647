var v0 = 12;
print v0;
{ var t = false;
  print t; }
print 15;
print {"j": v0};
v0 = v0;
var v1 = (v0 * sqrt((3.54 * v0)));
var v2 = 18;
