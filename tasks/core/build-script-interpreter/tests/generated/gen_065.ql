var v0 = !4.42;
v0 = [];
{ var t = v0;
  print t; }
var v1 = len([0.14, [v0]]);
v1 = [(14 % -v1)];
print v1;
print 14;
print "q\"q";
print type([]);
print [];
print (floor((nil < "hello")) / num((15 / false)));
