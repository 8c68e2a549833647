var v0 = 0.52;
v0 = [];
var v1 = nil;
var v2 = type([str("10")]);
{ var t = 8.19;
  print t; }
var v3 = [str(v1), "a", v0];
print {};
print v0;
var v4 = 11;
{ var t = {1: [v2, 17, 3.65], 2.5: (nil or 8)};
  print t; }
print nil;
v2 = [];
print 8.96;
print v3;
if (substr("q\"q", 0, 0)) print substr("hello", 2, 2); else print "hello";
{ var t = 4;
  print t; }
if ({}) print type(v4); else print substr("ab", 0, 1);
print v4;
print v2;
print type({"j": substr("ab", 0, 0), nil: {"k": 1}[0]});
