print "fine";
var = 3;
print 1 +;
