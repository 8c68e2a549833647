var v0 = false;
var v1 = 999999;
print 6;
print "hello"[1];
{ var t = [v1];
  print t; }
print (v0 != [(v0 == 18)]);
v1 = {};
print true;
var v2 = substr("Quill", 0, 3);
print substr("a\tb", 1, 2);
print v0;
print len(!(false >= v0));
