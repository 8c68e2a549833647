var v0 = !(["10", "Quill"] and 11);
print [1, 2, 3][1];
var v1 = "10";
if (--7.19) print "hello"; else print str(("x y" % "a\tb"));
var v2 = type(!v1);
{ var t = type(!17);
  print t; }
var v3 = 999999;
print type(floor(v3));
var v4 = v1;
print v3;
print "a\tb";
if (str("x y")) print str(str(v3)); else print (-9 == (v2 - 1.64));
print true;
print "hello"[2];
var v5 = v3;
var v6 = substr("ab", 0, 2);
