var v0 = 15;
{ var t = {};
  print t; }
var v1 = [v0];
var v2 = 15;
print true;
print {"k": 15, 2.5: --0};
var v3 = floor(v2);
print "q\"q";
print !type((v0 <= v2));
print v0;
var v4 = v2;
var v5 = (v4 and 15);
{ var t = !(v3 + v3);
  print t; }
