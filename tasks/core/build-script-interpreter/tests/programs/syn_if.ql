if true) print 1;
