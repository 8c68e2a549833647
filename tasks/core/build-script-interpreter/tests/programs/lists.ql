var xs = [1, 2, 3];
print xs;
print len(xs);
push(xs, 4);
print xs;
print pop(xs);
print xs;
xs[0] = "first";
print xs;
print xs[1] + xs[2];
print [];
print [nil, true, "s", [1, [2]], 1.5];
var ys = xs + [9];
print ys;
print xs;
var same = xs;
push(same, "shared");
print xs;
print xs == same;
print [1] == [1];
var grid = [[0, 0], [0, 0]];
grid[1][0] = 5;
print grid;
var total = 0;
for (var i = 0; i < len(ys); i = i + 1) {
  if (type(ys[i]) == "number") total = total + ys[i];
}
print total;
fun map(list, f) { var out = []; for (var i = 0; i < len(list); i = i + 1) push(out, f(list[i])); return out; }
print map([1, 2, 3], fun (x) { return x * x; });
print join([1, "two", nil, true, [3]], "-");
print join([], ",");
var s = (xs[0] = "again");
print s;
