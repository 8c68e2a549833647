fun f(a, a) {}
