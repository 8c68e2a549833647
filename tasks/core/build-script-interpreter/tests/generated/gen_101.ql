var v0 = [9, (false or 2.83)];
var v1 = "hello";
v0 = str(v0);
print {};
var v2 = true;
var v3 = [1, 2, 3][0];
var v4 = 100;
var v5 = type(v2);
