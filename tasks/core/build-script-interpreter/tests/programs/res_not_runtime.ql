print "static errors prevent any output";
{ var q = 1; var q = 2; }
