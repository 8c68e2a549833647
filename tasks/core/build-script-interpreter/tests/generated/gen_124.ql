var v0 = false;
var v1 = v0;
{ var t = !str(100);
  print t; }
var v2 = 6;
print nil;
print 4.65;
v2 = v1;
print v0;
print v0;
var v3 = (17 or (len(false) * (true + 20)));
v2 = {true: 5};
{ var t = v3;
  print t; }
print {};
