var v0 = 2.33;
v0 = type(1);
print v0;
print 16;
if (v0) print type(type(1000)); else print (7 != true);
print true;
print false;
var v1 = v0;
print 6;
v1 = "a\tb";
print {nil: (!v1 != true)};
{ var t = "hello"[3];
  print t; }
print v1;
print ([{1: v0}] + 6.87);
