var v0 = {};
var v1 = substr("a\tb", 2, 2);
print true;
var v2 = v1;
{ var t = [];
  print t; }
var v3 = "";
var v4 = "x y";
print nil;
