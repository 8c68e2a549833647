var s = "str";
print s.length;
