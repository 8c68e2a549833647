var v0 = "10";
print 6;
var v1 = 0;
if (3) print type(19); else print (len(18) % abs(18));
print 3.41;
v0 = 3;
var v2 = num(v1);
print "a";
