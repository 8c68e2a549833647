var v0 = 9;
print substr("a\tb", 1, 1);
print floor(-(1.41 - v0));
var v1 = ([{true: "ab", 2.5: "hello"}, [1, 2, 3][1]] or 19);
print 100;
print [13];
{ var t = !(v1 and 100);
  print t; }
print [{true: (20 > 16), 2.5: [v1, true, 16]}];
print !v0;
var v2 = [{}, nil];
var v3 = true;
var v4 = str("10");
if (!(v3 != v1)) print !(false or v0); else print 7;
print "hello"[2];
print "ab";
print false;
