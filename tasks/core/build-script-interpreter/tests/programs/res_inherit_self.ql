class A < A {}
