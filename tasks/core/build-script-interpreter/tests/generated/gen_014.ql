var v0 = false;
print [[], str([true])];
print substr("ab", 0, 0);
print v0;
print (str(substr("q\"q", 0, 0)) and []);
print true;
print "hello"[2];
print "a";
print num(({} + []));
