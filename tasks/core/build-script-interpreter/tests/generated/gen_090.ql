var v0 = {nil: substr("q\"q", 1, 1), 1: 7};
var v1 = {true: v0};
v1 = 12;
{ var t = nil;
  print t; }
print (substr("ab", 1, 2) and (-17 == [1, 2, 3][0]));
print type(num(("Quill" + "ab")));
print v0;
print !len(type("ab"));
print "q\"q";
print "hello"[1];
print ((v0 + 0) == ([13, 7] - !1000));
