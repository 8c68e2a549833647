var v0 = str([floor(12), -8.60]);
print [{"k": 5}, nil];
print 7.8;
print [];
print [];
var v1 = [];
var v2 = 100;
v0 = false;
print 100;
