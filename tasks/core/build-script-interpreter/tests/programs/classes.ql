class Point {
  init(x, y) { this.x = x; this.y = y; }
  add(o) { return Point(this.x + o.x, this.y + o.y); }
  toString() { return "(" + str(this.x) + ", " + str(this.y) + ")"; }
}
var p = Point(1, 2).add(Point(10, 20));
print p.toString();
print p;
print Point;
print type(p);
print type(Point);
print p.add;
p.z = 3;
print p.z;
class Counter {
  init() { this.n = 0; }
  tick() { this.n = this.n + 1; return this; }
}
var c = Counter();
print c.tick().tick().tick().n;
var m = c.tick;
m();
print c.n;
class Box {}
var b = Box();
b.value = "field";
print b.value;
b.fn = fun () { return "field function"; };
print b.fn();
class Shadow { method() { return "method"; } }
var s = Shadow();
print s.method();
s.method = "field wins";
print s.method;
var re = c.init();
print re == c;
print c.n;
class Empty { init(a) { } }
print Empty(1);
