fun (x) { return x; }
