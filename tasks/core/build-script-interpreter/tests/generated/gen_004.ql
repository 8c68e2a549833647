var v0 = 999999;
var v1 = -v0;
var v2 = {};
{ var t = floor(999999);
  print t; }
var v3 = v2;
var v4 = substr("10", 0, 0);
if ([abs(5), v4]) print v0; else print [1, 2, 3][3];
var v5 = str("ab");
print substr("Quill", 1, 3);
print 20;
if (4) print substr("a\tb", 1, 2); else print {"j": 65536, "j": (1 and v4)};
print 0;
{ var t = [];
  print t; }
print {2.5: [1, 2, 3][1]};
print v5;
print 2;
var v6 = [(v4 or -1.56), str(9.35)];
print {2.5: (nil * !v1)};
