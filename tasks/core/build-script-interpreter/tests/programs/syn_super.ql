class A < B { m() { super; } }
