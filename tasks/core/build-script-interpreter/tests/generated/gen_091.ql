var v0 = type(sqrt(abs(11)));
var v1 = str(5);
var v2 = (str((v0 != 1000)) or v1);
v0 = [20];
print v0;
print str("x y");
v1 = floor(4.8);
print "hello"[0];
var v3 = false;
{ var t = {"k": v3, nil: type("a")};
  print t; }
var v4 = 7.7;
print substr("Quill", 1, 3);
print {nil: v3};
print substr("a\tb", 2, 3);
v3 = "hello"[3];
print [];
