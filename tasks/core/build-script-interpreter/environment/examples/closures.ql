fun makeCounter() {
  var count = 0;
  return fun () { count = count + 1; return count; };
}
var c = makeCounter();
print c();
print c();
var m = {"xs": [1, 2.5, "s", nil]};
print m;
print m["nope"];
