var v0 = (substr("Quill", 2, 3) or floor((999999 % "Quill")));
print ({1: abs(19)} != !1000);
var v1 = nil;
print true;
var v2 = v0;
var v3 = v1;
var v4 = v2;
if ([]) print {}; else print {};
if (v1) print "q\"q"; else print nil;
print "hello"[0];
{ var t = v1;
  print t; }
