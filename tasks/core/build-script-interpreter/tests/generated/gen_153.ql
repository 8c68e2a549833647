var v0 = {};
if ({2.5: str(v0), "k": ("hello" + "a")}) print [(100 == false)]; else print (abs(999999) < ("ab" < 5.41));
{ var t = [];
  print t; }
print v0;
print nil;
var v1 = [];
print "q\"q";
var v2 = ((v1 != [v1]) == str({}));
print str(!v1);
print str(9);
print "10";
print num(str((v2 == 18)));
v0 = type(!{"k": 7.51});
print ([] and true);
v1 = 3.82;
print 3;
{ var t = [str(20), (v0 != v0), 14];
  print t; }
if (13) print 12345678; else print v1;
