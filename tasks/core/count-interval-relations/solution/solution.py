import sys
from bisect import bisect_left, bisect_right


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    L = list(map(int, data[2:2 + 2 * n:2]))
    R = list(map(int, data[3:3 + 2 * n:2]))
    base = 2 + 2 * n
    kinds = data[base::3][:q]
    X = list(map(int, data[base + 1::3][:q]))
    Y = list(map(int, data[base + 2::3][:q]))
    ans = [0] * q

    # Right endpoints compressed for the Fenwick trees.
    rs = sorted(set(R))
    m = len(rs)
    rank_r = [bisect_left(rs, r) + 1 for r in R]
    order_l = sorted(range(n), key=L.__getitem__)

    sl = sorted(L)
    sr = sorted(R)
    c_q, s_q = [], []
    for j in range(q):
        k = kinds[j]
        if k == b"O":
            # intersecting = n - (r < x) - (l > y)
            ans[j] = n - bisect_left(sr, X[j]) - (n - bisect_right(sl, Y[j]))
        elif k == b"C":
            c_q.append(j)
        else:
            s_q.append(j)

    # C: l >= x and r <= y. Sweep x descending, insert intervals with l >= x.
    tree = [0] * (m + 1)
    c_q.sort(key=X.__getitem__, reverse=True)
    p = n - 1
    for j in c_q:
        x = X[j]
        while p >= 0 and L[order_l[p]] >= x:
            i = rank_r[order_l[p]]
            while i <= m:
                tree[i] += 1
                i += i & -i
            p -= 1
        i = bisect_right(rs, Y[j])
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        ans[j] = s

    # S: l <= x and r >= y. Sweep x ascending, insert intervals with l <= x, count r >= y.
    tree = [0] * (m + 1)
    s_q.sort(key=X.__getitem__)
    p = 0
    inserted = 0
    for j in s_q:
        x = X[j]
        while p < n and L[order_l[p]] <= x:
            i = rank_r[order_l[p]]
            while i <= m:
                tree[i] += 1
                i += i & -i
            p += 1
            inserted += 1
        i = bisect_left(rs, Y[j])  # count of r < y among inserted
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        ans[j] = inserted - s

    sys.stdout.write("\n".join(map(str, ans)) + "\n")


main()
