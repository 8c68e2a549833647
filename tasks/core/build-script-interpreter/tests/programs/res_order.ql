fun a() { return this; }
return 2;
