var v0 = floor(12);
print (v0 != (v0 or false));
var v1 = v0;
print 1000;
var v2 = v1;
v0 = nil;
v0 = v0;
var v3 = (((v2 * 1.28) >= v1) == {2.5: !true});
v2 = "a\tb";
{ var t = 1;
  print t; }
var v4 = "x y";
var v5 = len("hello");
print (1.80 < {"k": (8 and false), true: -v2});
