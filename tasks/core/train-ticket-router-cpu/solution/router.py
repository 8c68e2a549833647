"""Ticket router: feature engineering + a multiclass histogram GBDT in numpy (reference)."""
import csv
import datetime as dt
import re

import numpy as np

TIERS = ["free", "pro", "enterprise"]
NUMERIC = ["account_age_days", "prev_tickets", "failed_payments_30d", "seats", "latency_p95_ms",
           "error_rate", "login_failures_24h", "attachment_kb"]


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def parse_time(s):
    s = s.strip()
    if re.fullmatch(r"\d+", s):
        return int(s)
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        return int(dt.datetime.fromisoformat(s).timestamp())
    except ValueError:
        return None


def norm_region(s):
    return s.strip().lower().replace("_", "-")


def norm_product(s):
    m = re.search(r"(\d+)", s)
    return int(m.group(1)) if m else -1


def num(s):
    try:
        return float(s)
    except ValueError:
        return np.nan


def tokens(s):
    return s.lower().split()


class Encoders:
    """State learned from the training rows: region list, token NB tables, product encodings."""

    def fit(self, rows, y, K, alpha=0.5, m=8.0):
        self.K = K
        self.regions = sorted({norm_region(r["region"]) for r in rows})
        vocab = {}
        for r in rows:
            for t in tokens(r["subject"]):
                vocab.setdefault(t, len(vocab))
        self.vocab = vocab
        counts = np.zeros((K, len(vocab) + 1))
        for r, k in zip(rows, y):
            for t in tokens(r["subject"]):
                counts[k, vocab[t]] += 1
        logp = np.log(counts + alpha) - np.log((counts + alpha).sum(1, keepdims=True))
        self.tok_logp = logp - logp.mean(0, keepdims=True)
        prior = np.bincount(y, minlength=K) / len(y)
        self.prior = prior
        pc = np.zeros((1000, K))
        for r, k in zip(rows, y):
            p = norm_product(r["product"])
            if 0 <= p < 1000:
                pc[p, k] += 1
        self.prod_enc = np.log((pc + m * prior) / (pc.sum(1, keepdims=True) + m)) - np.log(prior)
        return self

    def transform(self, rows):
        n = len(rows)
        cols = []
        ts = np.array([parse_time(r["created_at"]) or -1 for r in rows], dtype=float)
        hour = np.where(ts >= 0, (ts % 86400) // 3600, np.nan)
        wday = np.where(ts >= 0, ((ts // 86400) + 3) % 7, np.nan)
        night = np.where(np.isnan(hour), np.nan, ((hour < 6) | (hour >= 22)).astype(float))
        cols += [hour, wday, night]
        tier = [r["tier"].strip().lower() for r in rows]
        cols.append(np.array([TIERS.index(t) if t in TIERS else np.nan for t in tier]))
        reg = [norm_region(r["region"]) for r in rows]
        cols.append(np.array([self.regions.index(g) if g in self.regions else np.nan for g in reg]))
        prod = np.array([norm_product(r["product"]) for r in rows])
        cols.append(prod.astype(float))
        for c in NUMERIC:
            cols.append(np.array([num(r[c]) for r in rows]))
        X = np.column_stack(cols)
        lat, err = X[:, 6 + 4], X[:, 6 + 5]
        X = np.column_stack([X, np.log1p(lat) * err])
        tok = np.zeros((n, self.K))
        unk = len(self.vocab)
        for i, r in enumerate(rows):
            idx = [self.vocab.get(t, unk) for t in tokens(r["subject"])]
            tok[i] = self.tok_logp[:, idx].sum(1)
        pe = self.prod_enc[np.clip(prod, 0, 999)]
        pe[prod < 0] = 0.0
        return np.column_stack([X, tok, pe])


def oof_features(rows, y, K, folds=5, seed=0):
    """Training features with the target-derived columns computed out of fold."""
    n = len(rows)
    fold = np.random.default_rng(seed).permutation(n) % folds
    X = None
    for f in range(folds):
        tr = np.flatnonzero(fold != f)
        te = np.flatnonzero(fold == f)
        enc = Encoders().fit([rows[i] for i in tr], y[tr], K)
        Xf = enc.transform([rows[i] for i in te])
        if X is None:
            X = np.zeros((n, Xf.shape[1]))
        X[te] = Xf
    return X


class GBDT:
    """Multiclass softmax gradient boosting with histogram trees (NaN -> its own bin 0)."""

    def __init__(self, rounds=200, lr=0.08, depth=4, min_leaf=20, lam=1.0, bins=63,
                 colsample=0.8, subsample=0.8, seed=0):
        self.__dict__.update(rounds=rounds, lr=lr, depth=depth, min_leaf=min_leaf, lam=lam,
                             bins=bins, colsample=colsample, subsample=subsample, seed=seed)

    def _bin(self, X):
        B = np.zeros(X.shape, dtype=np.int32)
        for j, e in enumerate(self.edges):
            col = X[:, j]
            b = np.searchsorted(e, col, side="left") + 1
            B[:, j] = np.where(np.isnan(col), 0, b)
        return B

    def fit(self, X, y, K, sample_weight=None):
        rng = np.random.default_rng(self.seed)
        n, F = X.shape
        self.K, self.F = K, F
        self.edges = []
        for j in range(F):
            col = X[~np.isnan(X[:, j]), j]
            u = np.unique(col)
            if len(u) <= self.bins:
                e = (u[:-1] + u[1:]) / 2
            else:
                e = np.unique(np.quantile(col, np.linspace(0, 1, self.bins + 1)[1:-1]))
            self.edges.append(e)
        Xb = self._bin(X)
        NB = self.bins + 2
        w = np.ones(n) if sample_weight is None else sample_weight
        prior = np.bincount(y, weights=w, minlength=K) / w.sum()
        self.init = np.log(prior + 1e-9)
        Fm = np.tile(self.init, (n, 1))
        Y = np.eye(K)[y]
        self.trees = []
        offs = np.arange(F) * NB
        for _ in range(self.rounds):
            P = np.exp(Fm - Fm.max(1, keepdims=True))
            P /= P.sum(1, keepdims=True)
            G = (P - Y) * w[:, None]
            H = np.maximum(P * (1 - P), 1e-6) * w[:, None]
            rows = np.flatnonzero(rng.random(n) < self.subsample)
            feats = np.flatnonzero(rng.random(F) < self.colsample)
            if len(feats) == 0:
                feats = np.arange(F)
            round_trees = []
            for k in range(K):
                tree = self._grow(Xb, G[:, k], H[:, k], rows, feats, offs, NB)
                Fm[:, k] += self.lr * self._apply(tree, Xb)
                round_trees.append(tree)
            self.trees.append(round_trees)
        return self

    def _grow(self, Xb, g, h, rows, feats, offs, NB):
        # node: [feat, bin_threshold, left, right, value]
        nodes = []
        stack = [(rows, 0, None)]
        nodes.append(None)
        queue = [(0, rows, 0)]
        while queue:
            nid, idx, d = queue.pop()
            Gs, Hs = g[idx].sum(), h[idx].sum()
            val = -Gs / (Hs + self.lam)
            best = None
            if d < self.depth and len(idx) >= 2 * self.min_leaf:
                sub = Xb[idx][:, feats]
                flat = (sub + offs[: len(feats)]).ravel()
                m = len(idx)
                gh = np.bincount(flat, weights=np.repeat(g[idx], len(feats)), minlength=len(feats) * NB)
                hh = np.bincount(flat, weights=np.repeat(h[idx], len(feats)), minlength=len(feats) * NB)
                ch = np.bincount(flat, minlength=len(feats) * NB)
                gh = gh.reshape(len(feats), NB).cumsum(1)
                hh = hh.reshape(len(feats), NB).cumsum(1)
                ch = ch.reshape(len(feats), NB).cumsum(1)
                GL, HL, CL = gh[:, :-1], hh[:, :-1], ch[:, :-1]
                GR, HR, CR = Gs - GL, Hs - HL, m - CL
                gain = GL ** 2 / (HL + self.lam) + GR ** 2 / (HR + self.lam) - Gs ** 2 / (Hs + self.lam)
                gain[(CL < self.min_leaf) | (CR < self.min_leaf)] = -1
                a = np.argmax(gain)
                fi, b = divmod(a, NB - 1)
                if gain[fi, b] > 1e-9:
                    best = (feats[fi], b)
            if best is None:
                nodes[nid] = (-1, 0, 0, 0, val)
                continue
            f, b = best
            go_left = Xb[idx, f] <= b
            l, r = len(nodes), len(nodes) + 1
            nodes += [None, None]
            nodes[nid] = (f, b, l, r, val)
            queue.append((l, idx[go_left], d + 1))
            queue.append((r, idx[~go_left], d + 1))
        return np.array(nodes, dtype=float)

    def _apply(self, tree, Xb):
        n = Xb.shape[0]
        node = np.zeros(n, dtype=np.int64)
        feat = tree[:, 0].astype(np.int64)
        thr = tree[:, 1]
        left = tree[:, 2].astype(np.int64)
        right = tree[:, 3].astype(np.int64)
        for _ in range(self.depth + 1):
            f = feat[node]
            inner = f >= 0
            if not inner.any():
                break
            xb = Xb[np.arange(n), np.maximum(f, 0)]
            nxt = np.where(xb <= thr[node], left[node], right[node])
            node = np.where(inner, nxt, node)
        return tree[node, 4]

    def predict_proba(self, X):
        Xb = self._bin(X)
        Fm = np.tile(self.init, (X.shape[0], 1))
        for round_trees in self.trees:
            for k, tree in enumerate(round_trees):
                Fm[:, k] += self.lr * self._apply(tree, Xb)
        P = np.exp(Fm - Fm.max(1, keepdims=True))
        return P / P.sum(1, keepdims=True)


def macro_f1(y, pred, K):
    f = []
    for k in range(K):
        tp = np.sum((pred == k) & (y == k))
        fp = np.sum((pred == k) & (y != k))
        fn = np.sum((pred != k) & (y == k))
        f.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f))
