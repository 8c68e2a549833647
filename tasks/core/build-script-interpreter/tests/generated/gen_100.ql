var v0 = -(11 - {"k": 1}["k"]);
{ var t = !(v0 % v0);
  print t; }
print (str((v0 / v0)) and ("10" != (19 % v0)));
v0 = !"";
print 1;
print true;
v0 = "Quill";
print 100;
print substr("hello", 0, 1);
{ var t = 17;
  print t; }
print v0;
print 18;
v0 = {};
v0 = ({} or ((v0 / 1000) < [1, 2, 3][2]));
v0 = -16;
var v1 = substr("hello", 0, 4);
