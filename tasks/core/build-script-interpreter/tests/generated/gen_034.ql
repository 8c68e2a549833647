var v0 = -65536;
var v1 = (-13 or (v0 or (6 / nil)));
print v0;
{ var t = substr("hello", 0, 4);
  print t; }
print nil;
{ var t = "hello"[1];
  print t; }
print str("");
if (v1) print [999999, !v1]; else print ((false * v1) and 12345678);
var v2 = [];
var v3 = v0;
if (v0) print type({}); else print [type(9), abs(v2)];
print str(v0);
var v4 = 65536;
print "hello"[0];
{ var t = nil;
  print t; }
var v5 = 2.27;
print !{true: 6.64};
print 3;
print "x y";
print substr("Quill", 2, 3);
print abs(v1);
var v6 = v5;
print type(v3);
print "x y";
v2 = 3.18;
