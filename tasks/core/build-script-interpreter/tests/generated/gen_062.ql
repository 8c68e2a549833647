var v0 = floor(len(["q\"q", 12345678, false]));
{ var t = !v0;
  print t; }
var v1 = 11;
print "hello";
var v2 = v1;
var v3 = v1;
v3 = (floor(3.69) / 12);
var v4 = str(!(13 / v3));
var v5 = nil;
var v6 = len([]);
var v7 = v4;
print 65536;
print substr("a\tb", 0, 4);
