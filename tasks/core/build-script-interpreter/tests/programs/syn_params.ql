fun f(a, 1) {}
