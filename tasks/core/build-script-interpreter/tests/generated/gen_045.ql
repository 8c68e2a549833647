var v0 = substr("q\"q", 1, 2);
var v1 = {};
print !v0;
print [(0.50 + len("x y"))];
print 0;
var v2 = !((v0 or v0) and v1);
{ var t = (5 != v1);
  print t; }
print (len([9, 3, v2]) > 999999);
{ var t = "a";
  print t; }
print ("hello" or {});
print floor(12345678);
print !substr("a\tb", 0, 1);
if ({}) print v1; else print false;
print v1;
print substr("a", 0, 3);
