var v0 = 12;
var v1 = v0;
var v2 = [];
{ var t = nil;
  print t; }
print str(substr("Quill", 2, 4));
var v3 = (abs(6) or "a\tb");
print "10";
v2 = "hello"[0];
var v4 = str(8.56);
print ("" or floor([]));
print 999999;
{ var t = v0;
  print t; }
v3 = type(("Quill" == v3));
print (v4 and []);
print nil;
print v2;
print 999999;
{ var t = type(v1);
  print t; }
print str("a");
var v5 = 11;
print 12345678;
print {};
v0 = str(type(17));
print [];
var v6 = 3.11;
print (13 == ((v1 != v4) * (nil < 1000)));
