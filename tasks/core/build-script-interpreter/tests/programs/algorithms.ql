fun quicksort(xs) {
  if (len(xs) <= 1) return xs;
  var pivot = xs[0];
  var less = []; var more = []; var eq = [];
  for (var i = 0; i < len(xs); i = i + 1) {
    var x = xs[i];
    if (x < pivot) push(less, x); else if (x > pivot) push(more, x); else push(eq, x);
  }
  return quicksort(less) + eq + quicksort(more);
}
print quicksort([5, 3, 9, 1, 5, 7, 2, 8, 0, -4, 3.5]);
fun primes(n) {
  var sieve = [];
  for (var i = 0; i <= n; i = i + 1) push(sieve, true);
  var out = [];
  for (var i = 2; i <= n; i = i + 1) {
    if (sieve[i]) {
      push(out, i);
      for (var j = i * i; j <= n; j = j + i) sieve[j] = false;
    }
  }
  return out;
}
print primes(60);
fun gcd(a, b) { while (b != 0) { var t = b; b = a % b; a = t; } return a; }
print gcd(1071, 462);
fun binsearch(xs, target) {
  var lo = 0; var hi = len(xs) - 1;
  while (lo <= hi) {
    var mid = floor((lo + hi) / 2);
    if (xs[mid] == target) return mid;
    if (xs[mid] < target) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}
var sorted = primes(100);
print binsearch(sorted, 61);
print binsearch(sorted, 62);
fun memoFib() {
  var memo = {};
  fun f(n) {
    if (n < 2) return n;
    if (has(memo, n)) return memo[n];
    var v = f(n - 1) + f(n - 2);
    memo[n] = v;
    return v;
  }
  return f;
}
print memoFib()(80);
var collatz = 27; var steps = 0;
while (collatz != 1) { if (collatz % 2 == 0) collatz = collatz / 2; else collatz = 3 * collatz + 1; steps = steps + 1; }
print steps;
