var v0 = type(type(abs(999999)));
print str([1, 2, 3][2]);
var v1 = v0;
{ var t = true;
  print t; }
{ var t = "a";
  print t; }
print v0;
print 3;
print 10;
