class A { init() { this.x = 1; return; this.x = 2; } }
print A().x;
