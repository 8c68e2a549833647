import os, sys, time
import numpy as np
import pytest

sys.path.insert(0, "/tests")
sys.path.insert(0, "/app")
import datasets as D  # noqa: E402

try:
    import gbdt
    IMPORT_ERROR = ""
except Exception as e:  # missing or broken module -> every test fails
    gbdt = None
    IMPORT_ERROR = repr(e)


def M():
    assert gbdt is not None, "cannot import /app/gbdt.py: " + IMPORT_ERROR
    return gbdt


def r2(pred, y):
    return 1 - ((pred - y) ** 2).mean() / y.var()


# ---------------------------------------------------------------- exact semantics

def two_groups(n=200, seed=0, frac=0.5):
    g = np.random.default_rng(seed)
    X = g.uniform(0, 1, (n, 3))
    X[:, 0] = np.where(g.random(n) < frac, g.uniform(0, 0.4, n), g.uniform(0.6, 1.0, n))
    grp = X[:, 0] > 0.5
    return X, grp, g


def test_regressor_stump_exact():
    X, grp, g = two_groups()
    y = np.where(grp, 10.0, 3.0) + g.normal(0, 0.1, len(X))
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=0.0).fit(X, y)
    exp = np.where(grp, y[grp].mean(), y[~grp].mean())
    assert np.allclose(m.predict(X), exp, atol=1e-9)


def test_regressor_lambda_and_learning_rate():
    X, grp, g = two_groups(seed=1)
    y = np.where(grp, 4.0, -2.0) + g.normal(0, 0.5, len(X))
    lam, lr = 7.0, 0.3
    m = M().GBDTRegressor(n_estimators=1, learning_rate=lr, max_depth=1, min_samples_leaf=1, reg_lambda=lam).fit(X, y)
    f0 = y.mean()
    leaf = lambda s: -(f0 - y[s]).sum() / (s.sum() + lam)
    exp = f0 + lr * np.where(grp, leaf(grp), leaf(~grp))
    assert np.allclose(m.predict(X), exp, atol=1e-9)


def single_split(n=200, seed=0):
    """Only one split is possible: x0 takes two values, the other columns are constant."""
    X, grp, g = two_groups(n, seed)
    X[:, 0] = np.where(grp, 0.8, 0.2)
    X[:, 1:] = 0.5
    return X, grp, g


def test_binary_classifier_stump_exact():
    X, grp, g = single_split(seed=2)
    y = (g.random(len(X)) < np.where(grp, 0.8, 0.25)).astype(int)
    lam = 1.0
    m = M().GBDTClassifier(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=lam).fit(X, y)
    p0 = y.mean()
    f0 = np.log(p0 / (1 - p0))
    leaf = lambda s: -(p0 - y[s]).sum() / (s.sum() * p0 * (1 - p0) + lam)
    F = f0 + np.where(grp, leaf(grp), leaf(~grp))
    P = m.predict_proba(X)
    assert P.shape == (len(X), 2)
    assert np.allclose(P[:, 1], 1 / (1 + np.exp(-F)), atol=1e-9)
    assert list(m.classes_) == [0, 1]


def test_multiclass_init_and_one_round():
    X, grp, g = single_split(seed=3)
    y = np.where(grp, g.choice(["a", "b", "c"], len(X), p=[0.7, 0.2, 0.1]),
                 g.choice(["a", "b", "c"], len(X), p=[0.1, 0.3, 0.6]))
    lam, lr = 2.0, 0.5
    m = M().GBDTClassifier(n_estimators=1, learning_rate=lr, max_depth=1, min_samples_leaf=1, reg_lambda=lam).fit(X, y)
    assert list(m.classes_) == ["a", "b", "c"]
    pri = np.array([(y == c).mean() for c in "abc"])
    F = np.tile(np.log(pri), (len(X), 1))
    for k, c in enumerate("abc"):
        yk = (y == c).astype(float)
        gk = pri[k] - yk
        hk = pri[k] * (1 - pri[k])
        for s in (grp, ~grp):
            F[s, k] += lr * -gk[s].sum() / (hk * s.sum() + lam)
    P = np.exp(F - F.max(1, keepdims=True)); P /= P.sum(1, keepdims=True)
    assert np.allclose(m.predict_proba(X), P, atol=1e-9)


def test_missing_learned_direction_and_unseen():
    # training has NaN in feature 0 for a group that behaves like the high group
    X, grp, g = two_groups(n=400, seed=4)
    y = np.where(grp, 5.0, 1.0)
    nanrows = g.random(len(X)) < 0.2
    y = np.where(nanrows, 5.0, y)
    X[nanrows, 0] = np.nan
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=0.0).fit(X, y)
    p = m.predict(np.array([[np.nan, 0.5, 0.5], [0.1, 0.5, 0.5], [0.9, 0.5, 0.5]]))
    assert np.allclose(p, [5.0, 1.0, 5.0])
    # no NaN seen in training: NaN goes to the child with more training samples
    X, grp, g = two_groups(n=300, seed=5, frac=0.7)
    y = np.where(grp, 8.0, 2.0)
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=0.0).fit(X, y)
    assert np.allclose(m.predict(np.array([[np.nan, 0.2, 0.2]])), [2.0])
    X, grp, g = two_groups(n=300, seed=6, frac=0.3)
    y = np.where(grp, 8.0, 2.0)
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=0.0).fit(X, y)
    assert np.allclose(m.predict(np.array([[np.nan, np.nan, np.nan]])), [8.0])


def test_depth_and_min_samples_leaf():
    X, y = D.friedman1(1000, 10)
    for depth in (1, 2, 3, 5):
        m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=depth, min_samples_leaf=1, reg_lambda=0.0).fit(X, y)
        assert len(np.unique(np.round(m.predict(X), 9))) == 2 ** depth
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=10, min_samples_leaf=150, reg_lambda=0.0).fit(X, y)
    vals, counts = np.unique(np.round(m.predict(X), 9), return_counts=True)
    assert counts.min() >= 150 and len(vals) >= 4
    m = M().GBDTRegressor(n_estimators=1, learning_rate=1.0, max_depth=10, min_samples_leaf=501, reg_lambda=0.0).fit(X, y)
    assert np.allclose(m.predict(X), y.mean())


def test_constant_features_and_importances():
    X = np.ones((100, 4))
    y = np.arange(100.0)
    m = M().GBDTRegressor(n_estimators=5).fit(X, y)
    assert np.allclose(m.predict(X), y.mean())
    assert np.allclose(m.feature_importances_, 0) and m.feature_importances_.shape == (4,)
    g = np.random.default_rng(8)
    X = g.normal(size=(800, 6))
    y = 3 * np.sign(X[:, 4]) + 0.3 * X[:, 1] + g.normal(0, 0.1, 800)
    m = M().GBDTRegressor(n_estimators=30, max_depth=2).fit(X, y)
    fi = m.feature_importances_
    assert fi.shape == (6,) and abs(fi.sum() - 1) < 1e-9 and np.all(fi >= 0)
    assert fi.argmax() == 4 and fi[4] > 0.5
    assert m.n_features_in_ == 6


def test_determinism_and_subsample():
    X, y = D.friedman1(800, 11)
    kw = dict(n_estimators=20, subsample=0.6, max_depth=3, min_samples_leaf=5)
    a = M().GBDTRegressor(random_state=1, **kw).fit(X, y).predict(X)
    b = M().GBDTRegressor(random_state=1, **kw).fit(X, y).predict(X)
    c = M().GBDTRegressor(random_state=2, **kw).fit(X, y).predict(X)
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)


def test_classifier_labels_and_proba():
    g = np.random.default_rng(12)
    X = g.normal(size=(600, 3))
    y = np.where(X[:, 0] + X[:, 1] > 0, 1, -1)
    m = M().GBDTClassifier(n_estimators=30).fit(X, y)
    assert list(m.classes_) == [-1, 1]
    assert set(np.unique(m.predict(X))) <= {-1, 1}
    assert (m.predict(X) == y).mean() > 0.9
    ys = np.where(y > 0, "yes", "no")
    m = M().GBDTClassifier(n_estimators=30).fit(X, ys)
    assert list(m.classes_) == ["no", "yes"]
    P = m.predict_proba(X)
    assert P.shape == (600, 2) and np.allclose(P.sum(1), 1) and np.all((P >= 0) & (P <= 1))
    assert np.array_equal(m.predict(X), m.classes_[P.argmax(1)])
    Xn = X.copy(); Xn[::7, 1] = np.nan
    assert np.all(np.isfinite(m.predict_proba(Xn)))


# ---------------------------------------------------------------- accuracy on hidden data

def test_friedman_regression():
    X, y = D.friedman1(2000, 101)
    Xt, yt = D.friedman1(3000, 102)
    m = M().GBDTRegressor(n_estimators=200, learning_rate=0.1, max_depth=3, min_samples_leaf=10).fit(X, y)
    s = r2(m.predict(Xt), yt)
    print("friedman r2", s)
    assert s >= 0.92


def test_binary_with_missing_values():
    X, y = D.binary_missing(3000, 103)
    Xt, yt = D.binary_missing(4000, 104)
    m = M().GBDTClassifier(n_estimators=150, learning_rate=0.1, max_depth=4, min_samples_leaf=20).fit(X, y)
    acc = (m.predict(Xt) == yt).mean()
    P = m.predict_proba(Xt)[:, 1]
    ll = -np.mean(yt * np.log(np.clip(P, 1e-15, 1)) + (1 - yt) * np.log(np.clip(1 - P, 1e-15, 1)))
    print("binary acc", acc, "logloss", ll)
    assert acc >= 0.795 and ll <= 0.43


def test_multiclass_string_labels():
    X, y = D.multiclass(3000, 105)
    Xt, yt = D.multiclass(4000, 106)
    m = M().GBDTClassifier(n_estimators=100, learning_rate=0.1, max_depth=3, min_samples_leaf=20).fit(X, y)
    assert list(m.classes_) == sorted(set(y))
    acc = (m.predict(Xt) == yt).mean()
    print("multiclass acc", acc)
    assert acc >= 0.77


def test_large_fit_time_limit():
    X, y = D.big_regression(20000, 107)
    Xt, yt = D.big_regression(5000, 108)
    t = time.process_time()
    m = M().GBDTRegressor(n_estimators=40, learning_rate=0.3, max_depth=6, min_samples_leaf=20).fit(X, y)
    fit_t = time.process_time() - t
    t = time.process_time()
    p = m.predict(Xt)
    pred_t = time.process_time() - t
    s = r2(p, yt)
    print("big fit", fit_t, "predict", pred_t, "r2", s)
    assert fit_t <= 15.0 and pred_t <= 2.0
    assert s >= 0.93
