var v0 = 13;
v0 = 16;
print 5;
var v1 = v0;
var v2 = (v0 < 2.44);
if (false) print !v0; else print -v1;
var v3 = 8;
print v1;
v0 = v0;
var v4 = nil;
print nil;
if (type([1, 2, 3][2])) print substr("x y", 0, 3); else print v2;
var v5 = substr("a", 1, 1);
print v1;
{ var t = "Quill";
  print t; }
if ([1, 2, 3][0]) print 1000; else print 10;
print floor(v3);
var v6 = true;
{ var t = num(str(12));
  print t; }
print substr("q\"q", 1, 3);
