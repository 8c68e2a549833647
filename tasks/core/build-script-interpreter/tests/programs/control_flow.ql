var i = 0;
while (i < 5) {
  if (i == 1) { i = i + 1; continue; }
  if (i == 4) break;
  print i;
  i = i + 1;
}
for (var j = 0; j < 10; j = j + 1) {
  if (j % 2 == 0) continue;
  if (j > 7) break;
  print "j=" + str(j);
}
var k = 0;
for (; k < 3;) k = k + 1;
print k;
for (var a = 0; a < 3; a = a + 1)
  for (var b = 0; b < 3; b = b + 1) {
    if (b == 2) break;
    if (a == 1) continue;
    print str(a) + "," + str(b);
  }
if (false) print "no"; else if (nil) print "no2"; else print "else branch";
if (1) if (false) print "inner"; else print "dangling else binds inner";
var n = 0;
while (true) { n = n + 1; if (n >= 100) break; }
print n;
