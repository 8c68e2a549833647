var v0 = {"k": 17, "j": floor((20 * 0))};
print str(false);
var v1 = (v0 or ([v0, v0] % substr("ab", 1, 0)));
print v1;
v1 = 999999;
var v2 = [v1];
v2 = (true == type((v1 and "a")));
var v3 = ["a", substr("Quill", 0, 1)];
print !0;
print 1;
var v4 = "Quill";
var v5 = v1;
if (substr("Quill", 1, 1)) print v3; else print (nil < "hello"[1.5]);
print v3;
var v6 = {1: !{true: 9, "j": 3}};
var v7 = nil;
print v7;
{ var t = v2;
  print t; }
print v5;
{ var t = !v2;
  print t; }
print v5;
v7 = v3;
var v8 = v6;
