var a = 1;
{
  var a = a + 1;
}
