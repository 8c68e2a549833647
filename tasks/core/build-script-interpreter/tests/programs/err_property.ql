class A {}
var a = A();
print "x";
print a.missing;
