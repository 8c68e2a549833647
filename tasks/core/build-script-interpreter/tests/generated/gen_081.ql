var v0 = 8.96;
print substr("x y", 1, 3);
print v0;
print (((13 != nil) == (14 - 999999)) and (str(true) != abs(v0)));
print [];
print len({"k": "hello"[1], "k": (v0 == true)});
print v0;
print [];
print {"k": 1}["k"];
