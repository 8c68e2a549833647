class A {}
class B < A { m() { return super.nothing(); } }
B().m();
