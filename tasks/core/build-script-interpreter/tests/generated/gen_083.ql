var v0 = (13 or floor(100));
{ var t = v0;
  print t; }
var v1 = {"k": substr("q\"q", 1, 1)};
print 1;
print "hello";
{ var t = num(type(6.93));
  print t; }
v1 = "hello";
print 18;
v1 = (false == {1: 12345678, nil: 7.45});
print substr("q\"q", 0, 3);
print v1;
print v0;
if (abs((8 * 13))) print str((v0 + 65536)); else print sqrt((8 / ""));
print false;
print str(7);
print 0;
var v2 = abs(9);
var v3 = v2;
var v4 = abs(3.61);
print [{1: -17, 1: (9 + true)}];
