var v0 = str(16);
print "hello"[2];
if ({}) print substr("a\tb", 0, 0); else print (-v0 or 12345678);
print [];
v0 = "hello"[2];
v0 = [];
{ var t = ((v0 and 18) == floor(15));
  print t; }
var v1 = (str(true) == [v0]);
print [1, 2, 3][0];
var v2 = type(1);
print (substr("x y", 1, 2) + "a");
v0 = str(18);
var v3 = [substr("x y", 0, 1), "hello", 15];
print nil;
if ({"j": {}}) print v1; else print v1;
print (type(-v0) > (abs(6.68) and {"k": 1}[1.5]));
