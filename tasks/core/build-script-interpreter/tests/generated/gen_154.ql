var v0 = "hello";
print 16;
print {"k": 1}["k"];
{ var t = {};
  print t; }
print v0;
var v1 = v0;
print {"j": {1: 17, "j": v1}};
if (([] or [v0])) print 7; else print {nil: (false + 7), "j": -v1};
print str(type(v0));
var v2 = "10";
print "a";
v1 = false;
print type(![]);
print 10;
