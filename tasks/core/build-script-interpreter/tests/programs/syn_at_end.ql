fun f() {
  print 1;
