var n = 3;
n.field = 1;
