var v0 = substr("a\tb", 1, 3);
print !"a\tb";
var v1 = true;
var v2 = v0;
print 999999;
var v3 = [];
{ var t = ([v0, 14, nil] or "hello"[3]);
  print t; }
if (!abs(19)) print (len(5) != [65536, "10", v1]); else print 11;
if (nil) print 2; else print len({});
var v4 = true;
print v4;
{ var t = 9.90;
  print t; }
print v0;
print "a\tb";
print (substr("ab", 2, 4) >= (!true - [17, v1, "hello"]));
