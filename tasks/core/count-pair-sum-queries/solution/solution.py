import sys
from collections import Counter


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    cnt = Counter(map(int, data[2:2 + n]))
    items = list(cnt.items())
    out = []
    for t in map(int, data[2 + n:2 + n + q]):
        get = cnt.get
        total = 0
        for v, c in items:
            w = t - v
            if w > v:
                d = get(w)
                if d:
                    total += c * d
            elif w == v:
                total += c * (c - 1) // 2
        out.append(total)
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
