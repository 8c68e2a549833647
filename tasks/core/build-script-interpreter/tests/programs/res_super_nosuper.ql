class A { m() { return super.m(); } }
