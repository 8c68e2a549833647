var v0 = "q\"q";
var v1 = type(sqrt((v0 and 4)));
print 4;
var v2 = (num(8) % {"k": 1}["k"]);
print [];
var v3 = {2.5: [nil, (1 % 65536), 20]};
v1 = type((v1 + "ab"));
print !sqrt(12);
v2 = [1, 2, 3][0];
print (3 and substr("hello", 1, 1));
print 100;
print type(substr("ab", 0, 1));
{ var t = (nil and {"j": false});
  print t; }
print {};
print len(([4, "x y", 13] or "a"));
print v2;
print "a\tb";
