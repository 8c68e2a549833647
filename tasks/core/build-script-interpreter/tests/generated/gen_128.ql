var v0 = 100;
{ var t = [];
  print t; }
v0 = {};
print substr("x y", 2, 2);
print 999999;
print v0;
print v0;
var v1 = 2;
var v2 = 17;
print true;
{ var t = [];
  print t; }
print (!floor(3) and type(abs(16)));
print ([0.91, 5] != substr("hello", 0, 4));
print true;
print !{"j": {}};
v0 = {"k": "hello"[0]};
print {};
print v0;
{ var t = true;
  print t; }
print "hello";
print [v0];
print ([(65536 or "x y")] and v0);
v1 = false;
print type(str(abs(20)));
