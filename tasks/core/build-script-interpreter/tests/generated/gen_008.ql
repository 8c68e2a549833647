var v0 = [];
v0 = 3;
var v1 = !{};
if (v0) print -(3 or true); else print ((v0 + nil) * (v1 - 9.27));
var v2 = 1000;
{ var t = 1;
  print t; }
print !-8;
var v3 = false;
print [];
print type((100 * (15 / v0)));
print !-6;
if (100) print !"x y"; else print (type("a") < type(12));
print 18;
{ var t = 100;
  print t; }
print [];
print ((sqrt(9.37) * 9.48) + substr("q\"q", 2, 2));
