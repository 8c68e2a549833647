#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
struct Conn { int u, v; ll first, last, period, dur; };
int n, m, q;
vector<Conn> C;
vector<ll> tr;
vector<vector<int>> out_, in_;

ll earliest(int s, int t, ll T) {
    if (s == t) return T;
    const ll INF = LLONG_MAX;
    vector<ll> ea(n + 1, INF);
    priority_queue<pair<ll,int>, vector<pair<ll,int>>, greater<>> pq;
    ea[s] = T; pq.push({T, s});
    while (!pq.empty()) {
        auto [a, u] = pq.top(); pq.pop();
        if (a != ea[u]) continue;
        if (u == t) return a;
        ll ready = (u == s) ? T : a + tr[u];
        for (int id : out_[u]) {
            const Conn& c = C[id];
            ll dep;
            if (ready <= c.first) dep = c.first;
            else dep = c.first + (ready - c.first + c.period - 1) / c.period * c.period;
            if (dep > c.last) continue;
            ll arr = dep + c.dur;
            if (arr < ea[c.v]) { ea[c.v] = arr; pq.push({arr, c.v}); }
        }
    }
    return -1;
}

ll latest(int s, int t, ll D) {
    if (s == t) return D;
    const ll NEG = LLONG_MIN;
    vector<ll> la(n + 1, NEG), b(n + 1, NEG);
    priority_queue<pair<ll,int>> pq;
    la[t] = D; pq.push({D, t});
    while (!pq.empty()) {
        auto [l, w] = pq.top(); pq.pop();
        if (l != la[w]) continue;
        if (w == s) break;
        for (int id : in_[w]) {
            const Conn& c = C[id];
            if (c.v != w) continue;
            ll lim = min(c.last, l - c.dur);
            if (lim < c.first) continue;
            ll dep = c.first + (lim - c.first) / c.period * c.period;
            int v = c.u;
            if (v == t) continue;
            if (dep > b[v]) {
                b[v] = dep;
                ll nl = dep - tr[v];
                if (v == s) nl = dep;  // no transfer needed at the origin
                if (nl > la[v]) { la[v] = nl; pq.push({nl, v}); }
            }
        }
    }
    return b[s] == NEG ? -1 : b[s];
}

int main() {
    if (scanf("%d %d %d", &n, &m, &q) != 3) return 0;
    tr.assign(n + 1, 0);
    for (int i = 1; i <= n; i++) scanf("%lld", &tr[i]);
    C.resize(m); out_.assign(n + 1, {}); in_.assign(n + 1, {});
    for (int i = 0; i < m; i++) {
        Conn& c = C[i];
        scanf("%d %d %lld %lld %lld %lld", &c.u, &c.v, &c.first, &c.last, &c.period, &c.dur);
        out_[c.u].push_back(i); in_[c.v].push_back(i);
    }
    for (int i = 0; i < q; i++) {
        char k[4]; int s, t; ll x;
        scanf("%s %d %d %lld", k, &s, &t, &x);
        printf("%lld\n", k[0] == 'E' ? earliest(s, t, x) : latest(s, t, x));
    }
}
