var v0 = 15;
print !type(substr("a\tb", 0, 0));
v0 = 7.55;
print 13;
var v1 = [type(("a" or 11)), v0, v0];
print [];
print v0;
print [1, 2, 3][0];
print 12;
print [];
print "q\"q";
var v2 = 4.71;
var v3 = "10";
{ var t = num(str(12345678));
  print t; }
print (true and v1);
