var v0 = substr("q\"q", 0, 1);
print str(1);
var v1 = v0;
print str(16);
print v1;
print substr("hello", 0, 1);
print (len(str(v0)) or type((v0 > 1000)));
print type(v1);
print 100;
print v1;
v1 = 17;
var v2 = substr("Quill", 2, 4);
print [1, 2, 3][2];
{ var t = type(6.26);
  print t; }
var v3 = type(5.75);
print !{"k": 1}["k"];
print [[substr("10", 0, 1)]];
var v4 = 8;
{ var t = v0;
  print t; }
print v0;
print len([true]);
print {};
