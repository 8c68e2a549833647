var v0 = str([true, (4 < 7.85), [true, 999999]]);
print "10";
var v1 = v0;
print ((20 and 19) <= [1, 2, 3][1]);
print v0;
print v1;
print 18;
var v2 = {"j": substr("hello", 1, 3)};
print v0;
if (str(sqrt(14))) print v2; else print ({true: 999999} - v1);
{ var t = {"j": v0, true: 1};
  print t; }
print "q\"q";
var v3 = 65536;
var v4 = "";
print "hello"[0];
var v5 = v1;
print ((-9.94 <= {nil: false, true: nil}) >= !100);
