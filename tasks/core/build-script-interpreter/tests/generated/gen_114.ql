var v0 = substr("q\"q", 1, 1);
var v1 = "hello"[0];
v0 = "x y";
{ var t = str(nil);
  print t; }
var v2 = v0;
print "10";
{ var t = [20];
  print t; }
print nil;
var v3 = 13;
print (((6 >= 18) or 16) != substr("hello", 1, 4));
{ var t = [];
  print t; }
print [];
print type(18);
print num("10");
print "";
print "a\tb";
print [];
print 10;
print 14;
print 1.43;
v0 = "10";
print v0;
print [];
if ([[v1], 4, v1]) print "ab"; else print (1 + (13 / v0));
