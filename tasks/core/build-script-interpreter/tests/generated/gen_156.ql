var v0 = type(nil);
var v1 = 12345678;
var v2 = v1;
{ var t = {true: (v2 >= v2)};
  print t; }
var v3 = v2;
var v4 = v0;
print v4;
var v5 = substr("Quill", 0, 2);
print [];
print [type(v4)];
{ var t = v1;
  print t; }
print {"k": v1};
print v4;
var v6 = v3;
print ("" - []);
