print "a" < "b";
