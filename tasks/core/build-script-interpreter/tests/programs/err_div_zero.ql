print 10 % 3;
print 1 /
  0;
