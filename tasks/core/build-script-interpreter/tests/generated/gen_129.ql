var v0 = 8;
var v1 = ([1, 2, 3][1] > 4);
v0 = true;
var v2 = 18;
var v3 = "hello"[1];
var v4 = ("x y" and 20);
print floor(65536);
print v0;
print 1.20;
print num(type(false));
var v5 = [5.36];
print ((7 + 15) + 1);
var v6 = v1;
{ var t = ((v4 / 10) != str(8.81));
  print t; }
v3 = (v5 and {});
if (1000) print "x y"; else print v6;
print "hello"["k"];
