var xs = [];
print len("abc");
print pop(xs);
