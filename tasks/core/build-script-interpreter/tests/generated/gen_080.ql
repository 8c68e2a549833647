var v0 = substr("Quill", 0, 3);
var v1 = [nil];
var v2 = sqrt(num(12345678));
print v1;
print v0;
{ var t = {};
  print t; }
print 0.59;
v0 = 13;
var v3 = substr("Quill", 0, 4);
print 12345678;
var v4 = 13;
{ var t = v0;
  print t; }
if (12) print v1; else print ([6, 1.22, 9] + abs(v0));
print false;
print [v2, ((14 > v0) == v2)];
v2 = v1;
print [{}, sqrt((2.5 + 16))];
{ var t = v1;
  print t; }
