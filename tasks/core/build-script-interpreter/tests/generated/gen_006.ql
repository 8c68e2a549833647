var v0 = len(substr("Quill", 0, 1));
print "a\tb";
{ var t = (-16 * (v0 % v0));
  print t; }
print num(100);
print "a\tb";
print v0;
v0 = substr("x y", 2, 2);
if (([1, 2, 3][1] or (v0 == v0))) print str(type(false)); else print substr("Quill", 0, 1);
print str(1000);
var v1 = 12345678;
print false;
v0 = [(!12 == (v1 % 1.70)), 7, v1];
var v2 = nil;
{ var t = {"k": {}, "k": []};
  print t; }
print len({});
var v3 = sqrt(0.55);
var v4 = nil;
print "x y";
print nil;
print ["hello"[-1], {}];
