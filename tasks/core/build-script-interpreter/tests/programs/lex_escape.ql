print "bad \q escape";
