var v0 = 12345678;
var v1 = str(str(true));
print substr("ab", 1, 1);
print len([(v0 == 13), ["a", 5, v0], num(v1)]);
{ var t = nil;
  print t; }
print "Quill";
var v2 = 13;
var v3 = abs(4.79);
v2 = -sqrt(v2);
print nil;
print "ab";
var v4 = (4 >= 5);
print (v3 / {1: (1000 <= 12)});
