var v0 = (type(100) and (17 or false));
var v1 = "q\"q";
var v2 = false;
print v0;
var v3 = v0;
print abs(16);
print v3;
{ var t = 4;
  print t; }
print v0;
var v4 = v3;
print v4;
print 7.31;
print [];
print str(v1);
print 0;
var v5 = "hello"[1];
print ({} == -("hello" - v2));
