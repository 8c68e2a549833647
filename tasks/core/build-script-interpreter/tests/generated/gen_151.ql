var v0 = str([[12, 8, ""]]);
var v1 = 8;
print 10;
var v2 = -8.46;
print 15;
print 9;
print substr("x y", 0, 1);
{ var t = (("ab" != v1) and type(v0));
  print t; }
print (6 == 9);
v1 = v1;
v2 = [substr("x y", 1, 2)];
var v3 = 12345678;
print substr("10", 0, 1);
print type((v1 == [1, 2, 3][-1]));
