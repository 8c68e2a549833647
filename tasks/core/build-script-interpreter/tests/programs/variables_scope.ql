var a = "global a";
var b = "global b";
{
  var a = "outer a";
  {
    var a = "inner a";
    print a;
    print b;
    b = "changed b";
  }
  print a;
}
print a;
print b;
var a = "redeclared";
print a;
var u;
print u;
var x = 1;
{
  var y = x + 1;
  x = y * 10;
}
print x;
var c = 1;
var d = c = 5;
print c + d;
