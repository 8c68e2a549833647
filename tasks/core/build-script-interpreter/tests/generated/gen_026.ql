var v0 = 18;
print v0;
print v0;
print !5;
print floor(v0);
var v1 = type(6.23);
print {};
print 999999;
print (substr("x y", 0, 3) or nil);
