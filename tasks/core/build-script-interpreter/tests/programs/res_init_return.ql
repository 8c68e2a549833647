class A { init() { return 1; } }
