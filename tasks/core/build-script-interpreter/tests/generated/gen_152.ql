var v0 = true;
var v1 = v0;
print {};
print 1;
print v1;
{ var t = false;
  print t; }
print (20 or (v0 == (v1 + v0)));
print (v0 != type((v1 != v0)));
print v0;
print [v0, [(1 < 999999), 999999, (false != v1)]];
var v2 = v1;
print (v1 and {"k": true});
print floor(abs([1, 2, 3][1]));
print true;
