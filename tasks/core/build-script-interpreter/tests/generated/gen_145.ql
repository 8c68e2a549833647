var v0 = 18;
v0 = {"k": [(v0 == nil)]};
var v1 = {};
var v2 = !{2.5: []};
var v3 = (10 <= 0);
print 65536;
var v4 = 13;
var v5 = v0;
v2 = true;
