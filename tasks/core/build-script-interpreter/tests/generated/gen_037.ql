var v0 = 1.70;
print ((["x y"] == (18 >= v0)) and floor("hello"["k"]));
var v1 = "a\tb";
print v1;
{ var t = {"k": {true: v0, nil: 12}};
  print t; }
var v2 = substr("a\tb", 1, 2);
var v3 = "hello"[2];
print str({true: 7});
v2 = !v1;
print v1;
print "Quill";
var v4 = (type("hello") or !{nil: v0});
var v5 = (17 or (v4 / (v4 < v4)));
