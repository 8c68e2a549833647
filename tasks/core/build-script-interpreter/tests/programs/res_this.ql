fun f() { return this; }
