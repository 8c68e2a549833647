while (true) {
  fun f() { continue; }
  break;
}
