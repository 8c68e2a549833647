#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

static string S;
static int n;
static vector<int> sa, rk, lcp;        // lcp[i] = LCP(suffix sa[i-1], suffix sa[i]), lcp[0] = 0
static vector<vector<int>> spSA, spL;   // sparse tables: min SA value, min LCP
static vector<int> lg;
static vector<vector<int>> mst;         // merge sort tree over sa
static vector<ll> pref;                 // pref[i] = distinct substrings contributed by sa[0..i-1]

static void build_sa() {
    sa.resize(n); rk.resize(n);
    vector<int> tmp(n), cnt(max(256, n) + 1);
    iota(sa.begin(), sa.end(), 0);
    for (int i = 0; i < n; i++) rk[i] = (unsigned char)S[i];
    sort(sa.begin(), sa.end(), [&](int a, int b) { return rk[a] < rk[b]; });
    for (int k = 1;; k <<= 1) {
        // sort by (rk[i], rk[i+k]) with radix: second key first
        vector<int> sb; sb.reserve(n);
        for (int i = n - k; i < n; i++) sb.push_back(i);
        for (int i = 0; i < n; i++) if (sa[i] >= k) sb.push_back(sa[i] - k);
        int m = max(256, n) + 1;
        fill(cnt.begin(), cnt.end(), 0);
        for (int i = 0; i < n; i++) cnt[rk[i]]++;
        for (int i = 1; i < m; i++) cnt[i] += cnt[i - 1];
        for (int i = n - 1; i >= 0; i--) sa[--cnt[rk[sb[i]]]] = sb[i];
        tmp[sa[0]] = 0;
        for (int i = 1; i < n; i++) {
            int a = sa[i - 1], b = sa[i];
            bool same = rk[a] == rk[b] && (a + k < n ? rk[a + k] : -1) == (b + k < n ? rk[b + k] : -1);
            tmp[b] = tmp[a] + (same ? 0 : 1);
        }
        rk.swap(tmp);
        if (rk[sa[n - 1]] == n - 1) break;
    }
    lcp.assign(n, 0);
    for (int i = 0, h = 0; i < n; i++) {
        if (rk[i] == 0) { h = 0; continue; }
        int j = sa[rk[i] - 1];
        while (i + h < n && j + h < n && S[i + h] == S[j + h]) h++;
        lcp[rk[i]] = h;
        if (h) h--;
    }
}

static void build_sparse(const vector<int>& a, vector<vector<int>>& sp) {
    int K = lg[n] + 1;
    sp.assign(K, vector<int>(n));
    sp[0] = a;
    for (int k = 1; k < K; k++)
        for (int i = 0; i + (1 << k) <= n; i++) sp[k][i] = min(sp[k - 1][i], sp[k - 1][i + (1 << (k - 1))]);
}
static int qmin(const vector<vector<int>>& sp, int l, int r) {  // [l, r)
    int k = lg[r - l];
    return min(sp[k][l], sp[k][r - (1 << k)]);
}

static void build_mst(int node, int l, int r) {
    if (r - l == 1) { mst[node] = {sa[l]}; return; }
    int m = (l + r) / 2;
    build_mst(2 * node, l, m); build_mst(2 * node + 1, m, r);
    mst[node].resize(r - l);
    merge(mst[2 * node].begin(), mst[2 * node].end(), mst[2 * node + 1].begin(), mst[2 * node + 1].end(), mst[node].begin());
}
static int mst_count(int node, int l, int r, int ql, int qr, int lo, int hi) {  // sa in [ql,qr) with value in [lo,hi]
    if (qr <= l || r <= ql) return 0;
    if (ql <= l && r <= qr) {
        auto& v = mst[node];
        return int(upper_bound(v.begin(), v.end(), hi) - lower_bound(v.begin(), v.end(), lo));
    }
    int m = (l + r) / 2;
    return mst_count(2 * node, l, m, ql, qr, lo, hi) + mst_count(2 * node + 1, m, r, ql, qr, lo, hi);
}

// compare suffix at p with pattern P (only first |P| chars): <0, 0 (P is prefix), >0
static int cmp_suffix(int p, const string& P) {
    int m = P.size();
    for (int i = 0; i < m; i++) {
        if (p + i >= n) return -1;
        if (S[p + i] != P[i]) return S[p + i] < P[i] ? -1 : 1;
    }
    return 0;
}
static pair<int, int> find_range(const string& P) {
    int lo = 0, hi = n;
    while (lo < hi) { int mid = (lo + hi) / 2; if (cmp_suffix(sa[mid], P) < 0) lo = mid + 1; else hi = mid; }
    int a = lo; hi = n;
    while (lo < hi) { int mid = (lo + hi) / 2; if (cmp_suffix(sa[mid], P) <= 0) lo = mid + 1; else hi = mid; }
    return {a, lo};
}

// suffix automaton for lcs
struct SAM {
    vector<array<int, 26>> nx; vector<int> link, len; int last;
    SAM(const string& s) {
        nx.reserve(2 * s.size() + 2); link.reserve(2 * s.size() + 2); len.reserve(2 * s.size() + 2);
        add_state(0, -1); last = 0;
        for (char ch : s) extend(ch - 'a');
    }
    int add_state(int l, int lk) { array<int, 26> a; a.fill(-1); nx.push_back(a); len.push_back(l); link.push_back(lk); return nx.size() - 1; }
    void extend(int c) {
        int cur = add_state(len[last] + 1, -1), p = last;
        while (p != -1 && nx[p][c] == -1) { nx[p][c] = cur; p = link[p]; }
        if (p == -1) link[cur] = 0;
        else {
            int q = nx[p][c];
            if (len[p] + 1 == len[q]) link[cur] = q;
            else {
                int cl = add_state(len[p] + 1, link[q]); nx[cl] = nx[q];
                while (p != -1 && nx[p][c] == q) { nx[p][c] = cl; p = link[p]; }
                link[q] = link[cur] = cl;
            }
        }
        last = cur;
    }
    int lcs(const string& P) {
        int v = 0, l = 0, best = 0;
        for (char ch : P) {
            int c = ch - 'a';
            while (v && nx[v][c] == -1) { v = link[v]; l = len[v]; }
            if (nx[v][c] != -1) { v = nx[v][c]; l++; }
            best = max(best, l);
        }
        return best;
    }
};

int main() {
    ios::sync_with_stdio(false); cin.tie(nullptr);
    int q;
    cin >> S >> q;
    n = S.size();
    build_sa();
    lg.assign(n + 1, 0);
    for (int i = 2; i <= n; i++) lg[i] = lg[i / 2] + 1;
    build_sparse(sa, spSA);
    build_sparse(lcp, spL);
    mst.assign(4 * n, {});
    build_mst(1, 0, n);
    pref.assign(n + 1, 0);
    for (int i = 0; i < n; i++) pref[i + 1] = pref[i] + (n - sa[i] - lcp[i]);
    SAM sam(S);
    string cmd, P;
    string out;
    for (int qi = 0; qi < q; qi++) {
        cin >> cmd;
        ll ans1 = 0; bool two = false; ll ans2 = 0;
        if (cmd == "count") {
            cin >> P; auto [a, b] = find_range(P); ans1 = b - a;
        } else if (cmd == "first") {
            cin >> P; auto [a, b] = find_range(P); ans1 = a < b ? qmin(spSA, a, b) + 1 : -1;
        } else if (cmd == "range") {
            ll l, r; cin >> l >> r >> P;
            int m = P.size();
            if (r - l + 1 < m) ans1 = 0;
            else { auto [a, b] = find_range(P); ans1 = a < b ? mst_count(1, 0, n, a, b, l - 1, r - m) : 0; }
        } else if (cmd == "lcs") {
            cin >> P; ans1 = sam.lcs(P);
        } else if (cmd == "kth") {
            ll k; cin >> k;
            if (k > pref[n]) ans1 = -1;
            else {
                int i = int(lower_bound(pref.begin() + 1, pref.end(), k) - pref.begin()) - 1;  // pref[i] < k <= pref[i+1]
                ll len = lcp[i] + (k - pref[i]);
                // extent of suffixes sharing the first len chars: [i, j)
                int lo = i + 1, hi = n;
                while (lo < hi) { int mid = (lo + hi) / 2; if (qmin(spL, i + 1, mid + 1) >= len) lo = mid + 1; else hi = mid; }
                int j = lo;
                ans1 = qmin(spSA, i, j) + 1; ans2 = len; two = true;
            }
        } else if (cmd == "distinct") {
            ans1 = pref[n];
        }
        out += to_string(ans1);
        if (two) { out += ' '; out += to_string(ans2); }
        out += '\n';
    }
    fwrite(out.data(), 1, out.size(), stdout);
}
