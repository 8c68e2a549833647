print len("a", "b");
