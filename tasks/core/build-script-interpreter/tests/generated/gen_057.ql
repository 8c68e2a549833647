var v0 = 19;
print v0;
print substr("a", 0, 0);
print str(([] or []));
print {"k": 1}["k"];
var v1 = 5;
print [num(6.5)];
var v2 = (((v0 >= 19) or str(v0)) != !"hello");
print substr("hello", 1, 2);
var v3 = floor((5.24 + v0));
{ var t = -("a\tb" and 7.69);
  print t; }
var v4 = type([]);
{ var t = 100;
  print t; }
print (([10, 11] > "hello"[-1]) < !(v3 or v0));
