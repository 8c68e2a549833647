fun setIt() {
  undefinedVar = 3;
}
print "ok";
setIt();
