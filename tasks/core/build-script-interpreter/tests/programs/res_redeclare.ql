fun f() {
  var x = 1;
  var x = 2;
}
