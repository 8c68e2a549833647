var x = "not a function";
print "start";
x(1,
  2);
