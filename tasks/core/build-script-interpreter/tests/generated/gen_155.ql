var v0 = 9;
v0 = (nil != {"j": 65536});
print v0;
print "hello"[1];
print v0;
var v1 = {};
var v2 = type(abs(8));
var v3 = 65536;
print (((17 / v3) - ["a", v3]) and ("hello"[3] + 5));
