print "x";
return 1;
