var v0 = {};
var v1 = substr("x y", 1, 3);
print 7;
print v0;
print {};
print v1;
var v2 = true;
var v3 = ((100 or (v2 / v1)) * 2.6);
print substr("Quill", 1, 4);
print "a";
print v3;
print [{}];
print str([]);
{ var t = ((18 <= 100) and v2);
  print t; }
print ({} == (num(v2) + (v1 < v1)));
