var l = [1];
print l[0;
