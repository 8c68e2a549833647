var v0 = "Quill";
v0 = [v0, 12345678, 65536];
if (v0) print v0; else print "10";
print 5.2;
v0 = substr("hello", 1, 1);
print (2 or 1000);
v0 = v0;
print v0;
{ var t = 16;
  print t; }
print substr("Quill", 1, 2);
var v1 = {true: (("a" or 100) != "a\tb"), nil: [(13 <= 8.65), [v0], 65536]};
var v2 = "Quill";
var v3 = nil;
print sqrt(6);
if (v0) print (v3 and [v3]); else print str((v0 > true));
