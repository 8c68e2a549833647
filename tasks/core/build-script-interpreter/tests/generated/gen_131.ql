var v0 = 18;
print v0;
print v0;
if ([5.38]) print str(("x y" == v0)); else print substr("10", 1, 2);
print str(false);
{ var t = "x y";
  print t; }
var v1 = v0;
v0 = substr("Quill", 0, 4);
print "hello"[1];
print "Quill";
print false;
print 5.4;
print "hello"[2];
print [nil, v1];
