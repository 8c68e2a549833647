var s = "abc";
s[0] = "x";
