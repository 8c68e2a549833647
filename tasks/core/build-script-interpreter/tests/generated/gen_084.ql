var v0 = 6;
{ var t = !true;
  print t; }
var v1 = v0;
print substr("a\tb", 0, 0);
print type(str({2.5: "q\"q"}));
print "hello"[2];
print (-v0 / v1);
print (11 < 4.2);
v0 = v1;
print substr("x y", 1, 1);
var v2 = "x y";
print [type([v2, v1, 14]), 8, substr("x y", 1, 3)];
print str({"j": !10, "j": [v0]});
var v3 = false;
print !type(v2);
print [v2];
print [[(19 or 1000)], sqrt(substr("q\"q", 2, 2)), 8];
