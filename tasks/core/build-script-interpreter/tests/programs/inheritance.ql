class Animal {
  init(name) { this.name = name; }
  speak() { return this.name + " makes a sound"; }
  describe() { return "I am " + this.name + ": " + this.speak(); }
}
class Dog < Animal {
  init(name, breed) { super.init(name); this.breed = breed; }
  speak() { return this.name + " barks"; }
  parentSpeak() { return super.speak(); }
}
class Puppy < Dog {
  speak() { return super.speak() + " softly"; }
}
var d = Dog("Rex", "lab");
print d.describe();
print d.parentSpeak();
print d.breed;
var p = Puppy("Bit", "pug");
print p.describe();
print p.parentSpeak();
class A { method() { return "A.method"; } who() { return "A"; } }
class B < A { method() { return "B.method -> " + super.method(); } }
class C < B { who() { return "C"; } test() { return super.method() + " / " + super.who(); } }
print C().test();
var getter = C().test;
print getter();
class Base { init() { this.tag = "base"; } }
class Derived < Base {}
print Derived().tag;
