fun depth(n) { if (n == 0) return 0; return 1 + depth(n - 1); }
print depth(150);
print depth(199);
fun forever(n) { return forever(n + 1); }
forever(0);
