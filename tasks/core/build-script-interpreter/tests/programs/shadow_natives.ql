var len = 5;
print len;
fun str(x) { return "custom"; }
print str(1);
{
  var clock = "local clock";
  print clock;
}
print type(clock);
