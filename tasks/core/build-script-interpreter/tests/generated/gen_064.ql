var v0 = 17;
{ var t = {};
  print t; }
var v1 = ([v0] != str(type(v0)));
v1 = v0;
print {};
print floor(sqrt((v1 or v0)));
print str((type(v0) or (v1 >= 3.2)));
print "a";
v0 = v0;
var v2 = "hello";
print "hello"[0];
print 999999;
var v3 = v1;
v0 = [];
print [false, 0];
print v0;
var v4 = v2;
{ var t = v2;
  print t; }
v2 = {"j": v0};
{ var t = 1000;
  print t; }
print 999999;
v4 = 2;
print type([(v4 != ""), floor(7), (100 * "ab")]);
