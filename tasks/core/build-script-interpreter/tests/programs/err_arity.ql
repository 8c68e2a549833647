fun two(a, b) { return a; }
print two(1, 2);
print two(1);
