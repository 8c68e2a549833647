var v0 = !{2.5: 10, "j": ""};
print false;
print [];
print true;
print "hello";
v0 = "x y";
print str("hello");
{ var t = (v0 or {"j": 4.74, true: v0});
  print t; }
var v1 = [];
print 1;
{ var t = {};
  print t; }
print v1;
print -floor(v1);
