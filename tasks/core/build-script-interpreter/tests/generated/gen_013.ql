var v0 = {true: type(-1.43), nil: substr("a", 1, 1)};
var v1 = true;
v1 = "";
print 1000;
var v2 = 12;
{ var t = (999999 <= num(6));
  print t; }
print v2;
print substr("x y", 1, 3);
print v1;
var v3 = 1;
var v4 = v0;
print "Quill";
print [(false > !v0), v1];
