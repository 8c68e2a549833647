"""Reference histogram gradient-boosted decision trees in numpy."""
import numpy as np


class _Binner:
    def __init__(self, max_bins):
        self.max_bins = max_bins

    def fit(self, X):
        self.edges = []
        for j in range(X.shape[1]):
            col = X[:, j]
            col = col[~np.isnan(col)]
            u = np.unique(col)
            if len(u) <= 1:
                e = np.array([], dtype=float)
            elif len(u) <= self.max_bins:
                e = (u[:-1] + u[1:]) / 2
            else:
                q = np.quantile(col, np.linspace(0, 1, self.max_bins + 1)[1:-1])
                e = np.unique(q)
            self.edges.append(e)
        self.nb = self.max_bins + 1  # last bin index reserved for NaN
        return self

    def transform(self, X):
        B = np.empty(X.shape, dtype=np.int32)
        for j, e in enumerate(self.edges):
            col = X[:, j]
            b = np.searchsorted(e, col, side="left")
            b[np.isnan(col)] = self.max_bins
            B[:, j] = b
        return B


class _Tree:
    __slots__ = ("feat", "thr", "mleft", "left", "right", "value")


def _hist(B, g, h, rows, slot, m, nb):
    """Histograms of gradient, hessian and count per (slot, feature, bin)."""
    d = B.shape[1]
    key = (B[rows] + (np.arange(d) * nb)[None, :] + (slot * (d * nb))[:, None]).ravel()
    size = m * d * nb
    hg = np.bincount(key, np.repeat(g[rows], d), size).reshape(m, d, nb)
    hh = np.bincount(key, np.repeat(h[rows], d), size).reshape(m, d, nb)
    hc = np.bincount(key, None, size).reshape(m, d, nb)
    return hg, hh, hc


def _build_tree(B, binner, g, h, idx, max_depth, min_leaf, lam, gains):
    n, d = B.shape
    nb = binner.nb
    MB = nb - 1
    valid = np.zeros((d, MB - 1), dtype=bool)
    for j, e in enumerate(binner.edges):
        valid[j, :len(e)] = True
    feat, thr, mleft, left, right, value = [-1], [0.0], [False], [-1], [-1], [0.0]
    G0, H0 = g[idx].sum(), h[idx].sum()
    value[0] = -G0 / (H0 + lam)
    # level state
    nodes = np.array([0])                 # tree node ids of the frontier
    rows, slot = idx, np.zeros(len(idx), dtype=np.int64)
    hg, hh, hc = _hist(B, g, h, rows, slot, 1, nb)
    for depth in range(max_depth):
        m = len(nodes)
        G = hg[:, 0, :].sum(1); H = hh[:, 0, :].sum(1); C = hc[:, 0, :].sum(1)
        Gm, Hm, Cm = hg[:, :, MB], hh[:, :, MB], hc[:, :, MB]
        GL = np.cumsum(hg[:, :, :MB], 2)[:, :, :-1]
        HL = np.cumsum(hh[:, :, :MB], 2)[:, :, :-1]
        CL = np.cumsum(hc[:, :, :MB], 2)[:, :, :-1]
        parent = (G * G / (H + lam))[:, None, None]
        best_gain = np.zeros(m); best_k = np.full(m, -1); best_ml = np.zeros(m, dtype=bool)
        for ml in (False, True):
            gl = GL + Gm[:, :, None] * ml; hl = HL + Hm[:, :, None] * ml; cl = CL + Cm[:, :, None] * ml
            gr = G[:, None, None] - gl; hr = H[:, None, None] - hl; cr = C[:, None, None] - cl
            gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - parent
            ok = (cl >= min_leaf) & (cr >= min_leaf) & valid[None]
            gain = np.where(ok, gain, -np.inf).reshape(m, -1)
            k = gain.argmax(1)
            bg = gain[np.arange(m), k]
            better = bg > best_gain + 1e-12
            best_gain = np.where(better, bg, best_gain)
            best_k = np.where(better, k, best_k)
            best_ml = np.where(better, ml, best_ml)
        split = np.nonzero(best_k >= 0)[0]
        if len(split) == 0:
            break
        # create children
        child_l = np.full(m, -1); child_r = np.full(m, -1)
        sf = np.zeros(m, dtype=np.int64); sb = np.zeros(m, dtype=np.int64)
        for s in split:
            j, b = divmod(int(best_k[s]), MB - 1)
            ml = bool(best_ml[s])
            gains[j] += best_gain[s]
            if not ml and Cm[s, j] == 0:
                # no missing values seen here: missing goes to the larger child
                ml = bool(CL[s, j, b] > C[s] - CL[s, j, b])
            node = nodes[s]
            feat[node] = j; thr[node] = float(binner.edges[j][b]); mleft[node] = ml
            gl_ = GL[s, j, b] + Gm[s, j] * best_ml[s]; hl_ = HL[s, j, b] + Hm[s, j] * best_ml[s]
            for gv, hv, arr in ((gl_, hl_, child_l), (G[s] - gl_, H[s] - hl_, child_r)):
                feat.append(-1); thr.append(0.0); mleft.append(False); left.append(-1); right.append(-1)
                value.append(-gv / (hv + lam))
                arr[s] = len(feat) - 1
            left[node] = child_l[s]; right[node] = child_r[s]
            sf[s] = j; sb[s] = b
            best_ml[s] = best_ml[s]  # split side for training rows uses the learned flag
        if depth == max_depth - 1:
            break
        # route rows of split nodes
        keep = child_l[slot] >= 0
        rows, slot = rows[keep], slot[keep]
        col = B[rows, sf[slot]]
        goleft = (col <= sb[slot]) | ((col == MB) & best_ml[slot])
        # new slots: 2*i (left) and 2*i+1 (right) for the i-th split node
        order = np.full(m, -1); order[split] = np.arange(len(split))
        new_slot = 2 * order[slot] + (~goleft)
        cl_cnt = CL[split, sf[split], sb[split]] + Cm[split, sf[split]] * best_ml[split]
        cr_cnt = C[split] - cl_cnt
        small_is_left = cl_cnt <= cr_cnt
        # histogram only the smaller child of each split; the other is parent - smaller
        small_slot = 2 * np.arange(len(split)) + (~small_is_left)
        is_small = np.zeros(2 * len(split), dtype=bool); is_small[small_slot] = True
        sel = is_small[new_slot]
        sg, sh, sc = _hist(B, g, h, rows[sel], new_slot[sel] // 2, len(split), nb)
        m2 = 2 * len(split)
        ng = np.empty((m2, d, nb)); nh = np.empty((m2, d, nb)); nc = np.empty((m2, d, nb))
        ng[small_slot], nh[small_slot], nc[small_slot] = sg, sh, sc
        big_slot = small_slot ^ 1
        ng[big_slot] = hg[split] - sg; nh[big_slot] = hh[split] - sh; nc[big_slot] = hc[split] - sc
        hg, hh, hc = ng, nh, nc
        nodes = np.empty(m2, dtype=np.int64)
        nodes[0::2] = child_l[split]; nodes[1::2] = child_r[split]
        # children that cannot split further still sit in the frontier; min_leaf masks them
        rows, slot = rows, new_slot
    t = _Tree()
    t.feat = np.array(feat); t.thr = np.array(thr); t.mleft = np.array(mleft)
    t.left = np.array(left); t.right = np.array(right); t.value = np.array(value)
    return t


def _predict_tree(t, X):
    n = len(X)
    node = np.zeros(n, dtype=np.int64)
    rows = np.arange(n)
    while True:
        f = t.feat[node]
        inner = f >= 0
        if not inner.any():
            break
        x = X[rows, np.where(inner, f, 0)]
        goleft = np.where(np.isnan(x), t.mleft[node], x <= t.thr[node])
        node = np.where(inner, np.where(goleft, t.left[node], t.right[node]), node)
    return t.value[node]


class _Base:
    def __init__(self, n_estimators=100, learning_rate=0.1, max_depth=3, min_samples_leaf=20,
                 reg_lambda=1.0, subsample=1.0, max_bins=255, random_state=0):
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.reg_lambda = reg_lambda
        self.subsample = subsample
        self.max_bins = max_bins
        self.random_state = random_state

    def _boost(self, X, Y, F, grad_fn):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        self.n_features_in_ = d
        self._binner = _Binner(self.max_bins).fit(X)
        B = self._binner.transform(X)
        rng = np.random.default_rng(self.random_state)
        self._trees = []
        gains = np.zeros(d)
        K = F.shape[1]
        for it in range(self.n_estimators):
            if self.subsample < 1.0:
                m = max(1, int(round(self.subsample * n)))
                idx = np.sort(rng.choice(n, m, replace=False))
            else:
                idx = np.arange(n)
            G, H = grad_fn(F, Y)
            round_trees = []
            for k in range(K):
                t = _build_tree(B, self._binner, G[:, k], H[:, k], idx, self.max_depth,
                                self.min_samples_leaf, self.reg_lambda, gains)
                round_trees.append(t)
            for k, t in enumerate(round_trees):
                F[:, k] += self.learning_rate * _predict_tree(t, X)
            self._trees.append(round_trees)
        s = gains.sum()
        self.feature_importances_ = gains / s if s > 0 else np.zeros(d)
        return self

    def _raw(self, X):
        X = np.asarray(X, dtype=float)
        F = np.tile(self._init, (len(X), 1))
        for round_trees in self._trees:
            for k, t in enumerate(round_trees):
                F[:, k] += self.learning_rate * _predict_tree(t, X)
        return F


class GBDTRegressor(_Base):
    def fit(self, X, y):
        y = np.asarray(y, dtype=float).ravel()
        self._init = np.array([y.mean()])
        F = np.tile(self._init, (len(y), 1))
        return self._boost(X, y[:, None], F, lambda F, Y: (F - Y, np.ones_like(F)))

    def predict(self, X):
        return self._raw(X)[:, 0]


def _softmax(F):
    e = np.exp(F - F.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


class GBDTClassifier(_Base):
    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_, yi = np.unique(y, return_inverse=True)
        K = len(self.classes_)
        if K < 2:
            raise ValueError("need at least two classes")
        n = len(y)
        if K == 2:
            p = np.clip(yi.mean(), 1e-12, 1 - 1e-12)
            self._init = np.array([np.log(p / (1 - p))])
            Y = yi[:, None].astype(float)

            def grad(F, Y):
                P = 1 / (1 + np.exp(-F))
                return P - Y, np.maximum(P * (1 - P), 1e-16)
        else:
            pri = np.clip(np.bincount(yi, minlength=K) / n, 1e-12, None)
            self._init = np.log(pri)
            Y = np.eye(K)[yi]

            def grad(F, Y):
                P = _softmax(F)
                return P - Y, np.maximum(P * (1 - P), 1e-16)
        F = np.tile(self._init, (n, 1))
        return self._boost(X, Y, F, grad)

    def predict_proba(self, X):
        F = self._raw(X)
        if len(self.classes_) == 2:
            p = 1 / (1 + np.exp(-F[:, 0]))
            return np.c_[1 - p, p]
        return _softmax(F)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(1)]
