var v0 = 12345678;
print (6 and ({nil: false, "k": 12345678} != v0));
var v1 = v0;
print [];
print (len(type(v1)) and 0.49);
print abs(0);
{ var t = floor(65536);
  print t; }
var v2 = [6, "hello"[0]];
print substr("10", 0, 0);
if (((v0 or true) and floor(v1))) print [["x y", 2, v2], (v0 + 12345678)]; else print type(sqrt(0));
print "10";
print sqrt(abs(v2));
