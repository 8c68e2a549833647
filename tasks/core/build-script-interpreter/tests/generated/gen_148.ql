var v0 = "ab";
print v0;
print !2.24;
print v0;
print nil;
{ var t = v0;
  print t; }
{ var t = v0;
  print t; }
var v1 = (v0 or ((v0 / 2) or num(v0)));
