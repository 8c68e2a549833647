var s = "hello, world";
print len(s);
print s[0];
print s[len(s) - 1];
print substr(s, 0, 5);
print substr(s, 7, 12);
print substr(s, 3, 3) == "";
print split("a,b,,c", ",");
print split("abc", ",");
print split("", ",");
print split("a::b::c", "::");
print join(split("1 2 3", " "), "+");
print ord("A");
print chr(97);
print num("42");
print num("-3.5");
print num("4x");
print num("");
print num("1.");
print num(".5");
print num(7);
print str(12.5) + "!";
print str(nil) + str(true);
print str([1, "a"]);
print type(str(1));
fun reverse(t) { var out = ""; for (var i = len(t) - 1; i >= 0; i = i - 1) out = out + t[i]; return out; }
print reverse("stressed");
fun upper(t) {
  var out = "";
  for (var i = 0; i < len(t); i = i + 1) {
    var c = ord(t[i]);
    if (c >= 97 and c <= 122) out = out + chr(c - 32); else out = out + t[i];
  }
  return out;
}
print upper("Quill 2.0!");
var multi = "first
second";
print multi;
