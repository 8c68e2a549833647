class P { init(a) { this.a = a; } }
print P(1).a;
P();
