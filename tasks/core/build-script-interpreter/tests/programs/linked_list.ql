class Node { init(value, next) { this.value = value; this.next = next; } }
class LinkedList {
  init() { this.head = nil; this.size = 0; }
  push(v) { this.head = Node(v, this.head); this.size = this.size + 1; return this; }
  reverse() {
    var prev = nil; var cur = this.head;
    while (cur != nil) { var nx = cur.next; cur.next = prev; prev = cur; cur = nx; }
    this.head = prev;
    return this;
  }
  toList() { var out = []; var n = this.head; while (n) { push(out, n.value); n = n.next; } return out; }
  sumRec(n) { if (n == nil) return 0; return n.value + this.sumRec(n.next); }
}
var l = LinkedList();
for (var i = 1; i <= 150; i = i + 1) l.push(i);
print l.size;
print l.sumRec(l.head);
var small = LinkedList().push(1).push(2).push(3);
print small.toList();
print small.reverse().toList();
