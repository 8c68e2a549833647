print "ok";
print "this string
never ends;
