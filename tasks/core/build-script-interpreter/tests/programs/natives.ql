print floor(3.7);
print floor(-3.2);
print sqrt(16);
print sqrt(2);
print abs(-5);
print abs(2.5);
print type(nil);
print type(true);
print type(1);
print type("s");
print type([]);
print type({});
print type(len);
print type(fun () {});
class K {}
print type(K);
print type(K());
print type(K().toString);
