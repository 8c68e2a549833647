var v0 = 3;
print v0;
print type((sqrt(v0) == ""));
var v1 = str(sqrt(8.75));
print substr("hello", 1, 1);
{ var t = [abs(12), !v0, 999999];
  print t; }
var v2 = "hello";
v2 = ((-65536 or (12345678 / v2)) or ((v1 + 3) / (6 <= v0)));
var v3 = {};
v0 = "x y";
print 18;
print substr("hello", 0, 2);
