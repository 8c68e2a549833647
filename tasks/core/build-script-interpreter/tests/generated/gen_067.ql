var v0 = [];
print false;
print 999999;
{ var t = false;
  print t; }
var v1 = true;
print substr("Quill", 2, 4);
print v0;
print substr("q\"q", 0, 3);
print v1;
print type(v1);
print "x y";
{ var t = [];
  print t; }
v1 = {nil: [], 1: [{"k": "x y"}, len("")]};
var v2 = v1;
{ var t = !999999;
  print t; }
var v3 = 11;
print -4.89;
v1 = str(str(floor(12345678)));
