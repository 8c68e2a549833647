var v0 = {};
print !"a\tb";
print v0;
print 1000;
{ var t = 19;
  print t; }
print false;
print v0;
var v1 = "";
var v2 = [type(str(16)), []];
print type(!v2);
print v2;
v1 = {};
{ var t = substr("x y", 1, 2);
  print t; }
print len([]);
print v1;
var v3 = [];
print {};
print true;
v2 = v2;
var v4 = "x y";
var v5 = 999999;
print num(type(6.71));
