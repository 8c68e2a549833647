var v0 = num(12345678);
print [];
var v1 = [1, 2, 3][0];
var v2 = {"j": 7};
print type(false);
print v2;
var v3 = [1, 2, 3][1];
print !v3;
