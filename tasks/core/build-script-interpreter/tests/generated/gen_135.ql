var v0 = substr("hello", 0, 4);
print {1: ((false or false) and "x y"), true: floor((65536 and 5))};
print {};
v0 = ([(18 == v0), type(nil)] or substr("ab", 2, 2));
print v0;
{ var t = {"k": 1}["k"];
  print t; }
v0 = substr("hello", 1, 3);
print "x y";
v0 = type({});
if (12345678) print v0; else print len(("10" / v0));
print ({1: {true: v0}, 1: -100} or (true - (v0 - "Quill")));
print substr("Quill", 0, 4);
print 1000;
print nil;
var v1 = [];
{ var t = type(false);
  print t; }
print type(14);
if ([v0, "ab"]) print "a\tb"; else print (sqrt(8.93) >= (999999 and 5));
print v0;
