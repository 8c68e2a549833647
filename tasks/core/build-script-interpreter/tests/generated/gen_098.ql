var v0 = true;
v0 = [5.65];
print substr("Quill", 0, 4);
{ var t = "10";
  print t; }
print "10";
v0 = 10;
{ var t = (-2.33 and (v0 - v0));
  print t; }
var v1 = "hello"[0];
var v2 = type({});
