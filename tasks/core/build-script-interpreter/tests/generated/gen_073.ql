var v0 = 10;
{ var t = [];
  print t; }
v0 = "a\tb";
print !substr("10", 1, 2);
print "a\tb";
{ var t = substr("10", 1, 2);
  print t; }
{ var t = 13;
  print t; }
print nil;
