var v0 = 18;
print v0;
print 0.45;
var v1 = "x y";
print 6;
print false;
v0 = str(v1);
var v2 = !{true: str(1), "j": {"j": 100}};
print {1: ((v2 or v2) + []), "j": true};
