var v0 = "x y";
print len([]);
v0 = {"k": 1}["k"];
print "10";
print false;
var v1 = v0;
var v2 = v0;
print v1;
print (([v0] / ["ab"]) > (str(v0) + type(16)));
