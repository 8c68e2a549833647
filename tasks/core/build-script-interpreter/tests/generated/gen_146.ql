var v0 = (100 == [(65536 and "a")]);
print !100;
print "ab";
var v1 = "Quill";
print v1;
v0 = ([] and v0);
var v2 = (20 < 3.36);
print [((false or v2) == !true), 6];
