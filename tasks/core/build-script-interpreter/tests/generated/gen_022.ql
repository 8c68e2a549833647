var v0 = {};
var v1 = v0;
print type(v0);
var v2 = v1;
var v3 = len("ab");
if (false) print v3; else print -7;
print "10";
print [1, 2, 3][2];
print v0;
var v4 = 4;
{ var t = substr("hello", 1, 4);
  print t; }
print v0;
print str(65536);
print true;
var v5 = 6.15;
if (false) print -floor(false); else print ((14 % 100) != num(13));
print {"j": (6 < v1), nil: (("10" != 2.22) or [v4, "10"])};
