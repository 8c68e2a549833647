var v0 = floor(7);
print v0;
print str([type(9.91)]);
{ var t = substr("Quill", 1, 4);
  print t; }
var v1 = str(nil);
print type((12 / 1000));
print 20;
if (v0) print (true == (1000 - v0)); else print {};
print false;
