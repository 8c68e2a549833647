var v0 = substr("Quill", 1, 3);
var v1 = "a\tb";
v1 = v1;
v1 = "";
{ var t = 19;
  print t; }
print true;
{ var t = v1;
  print t; }
var v2 = 1;
print (str((3.62 and v1)) or substr("a\tb", 1, 2));
print len([v2, v2]);
print 11;
var v3 = 4.85;
var v4 = substr("ab", 1, 2);
var v5 = type("hello"[3]);
print [1, 2, 3][1];
print "hello";
{ var t = 16;
  print t; }
print type([]);
if (false) print v4; else print {true: !6};
var v6 = v5;
var v7 = substr("q\"q", 2, 3);
var v8 = v7;
print {};
print ({} % {2.5: [], "j": (v2 and v4)});
