var v0 = {nil: 1000, nil: substr("Quill", 0, 1)};
if (([5.38, v0, v0] != v0)) print v0; else print (floor(v0) or len(9));
print v0;
{ var t = 2.45;
  print t; }
print v0;
v0 = 12;
print -abs(floor(v0));
print len((3 and type(3.27)));
var v1 = 12345678;
print [[], v0, []];
var v2 = sqrt(sqrt(floor(11)));
var v3 = "ab";
print floor(v1);
print ({"j": 6.25} + 3);
