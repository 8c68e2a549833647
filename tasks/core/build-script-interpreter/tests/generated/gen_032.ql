var v0 = [[1, 2, 3][2]];
print substr("a\tb", 1, 3);
var v1 = [1, 2, 3][1];
v0 = 100;
v1 = str("a");
print [substr("Quill", 2, 2), "10"];
{ var t = [];
  print t; }
print [!false];
var v2 = 6.8;
{ var t = nil;
  print t; }
var v3 = !15;
print {};
print str(({true: v1, 2.5: nil} or (7.54 or true)));
print {true: v1};
print v3;
print (([2.83, v3] > (17 - v3)) == {"k": 1}[-1]);
