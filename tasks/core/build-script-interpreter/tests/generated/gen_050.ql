var v0 = 2.82;
var v1 = [6, ((15 + v0) <= (10 or 999999))];
if (v1) print len(type(7)); else print {"k": 1}[1.5];
var v2 = [];
var v3 = v0;
print 13;
print type(substr("a\tb", 1, 3));
print {1: 65536, "j": "q\"q"};
{ var t = floor((v3 + 6));
  print t; }
if (v0) print 16; else print str(v1);
print "a";
var v4 = type(substr("q\"q", 0, 2));
print substr("", 2, 3);
