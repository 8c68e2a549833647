var NotClass = "nope";
class Sub < NotClass {}
