var v0 = str(str(7.4));
v0 = ![1, 2, 3][2];
{ var t = str(str("q\"q"));
  print t; }
print "hello"[1];
var v1 = 17;
print (((12345678 or 100) < 65536) == ((v1 + 0.16) > (v1 and v1)));
v1 = !0.70;
var v2 = (v0 and abs([v0, 65536]));
{ var t = 65536;
  print t; }
print ({"k": 1}[0] == len(1.74));
