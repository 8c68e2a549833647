var v0 = (65536 != 4);
var v1 = (999999 >= 8.68);
print substr("q\"q", 1, 1);
print v1;
var v2 = v0;
if ({true: [v2]}) print [v2]; else print "";
print [];
var v3 = true;
if (v2) print v3; else print [];
v0 = "";
print v0;
v3 = v0;
var v4 = type("ab");
var v5 = {};
v4 = str(v0);
{ var t = v2;
  print t; }
print [1, 2, 3][3];
