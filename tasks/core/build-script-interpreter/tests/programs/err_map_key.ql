var m = {"a": 1};
print m["a"];
print m["b"];
