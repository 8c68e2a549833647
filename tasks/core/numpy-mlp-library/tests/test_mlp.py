import os, sys, time
import numpy as np
import pytest

sys.path.insert(0, "/tests")
sys.path.insert(0, "/app")
import datasets as D  # noqa: E402

IMPORT_ERROR = ""
try:
    import mlp  # noqa: F811
except Exception as e:  # missing or broken module -> every test fails
    mlp = None
    IMPORT_ERROR = repr(e)


def need():
    assert mlp is not None, "cannot import /app/mlp.py: " + IMPORT_ERROR
    return mlp


ACTS = {
    "relu": lambda z: np.maximum(z, 0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
}


def ref_forward(Ws, bs, act, output, X):
    a = X
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = a @ W + b
        a = ACTS[act](z) if i < len(Ws) - 1 else z
    if output == "softmax":
        e = np.exp(a - a.max(1, keepdims=True))
        a = e / e.sum(1, keepdims=True)
    return a


def ref_loss(Ws, bs, act, output, l2, X, y):
    out = ref_forward(Ws, bs, act, output, X)
    if output == "softmax":
        d = -np.log(out[np.arange(len(X)), y]).mean()
    else:
        d = 0.5 * ((out - y.reshape(len(X), -1)) ** 2).sum(1).mean()
    return d + 0.5 * l2 * sum((W ** 2).sum() for W in Ws)


def make(sizes, act, output, l2, seed):
    m = need().MLP(sizes, activation=act, output=output, l2=l2, seed=seed)
    g = np.random.default_rng(seed + 100)
    m.weights = [g.normal(0, 0.7, (a, b)) for a, b in zip(sizes, sizes[1:])]
    m.biases = [g.normal(0, 0.3, b) for b in sizes[1:]]
    return m


def data(sizes, output, seed, n=9):
    g = np.random.default_rng(seed)
    X = g.normal(0, 1, (n, sizes[0]))
    y = g.integers(0, sizes[-1], n) if output == "softmax" else g.normal(0, 1, (n, sizes[-1]))
    return X, y


COMBOS = [(a, o) for a in ("relu", "tanh", "sigmoid") for o in ("softmax", "linear")]


def test_init_shapes():
    m = need().MLP([5, 7, 6, 3], activation="relu", output="softmax", l2=0.0, seed=3)
    assert [W.shape for W in m.weights] == [(5, 7), (7, 6), (6, 3)]
    assert [b.shape for b in m.biases] == [(7,), (6,), (3,)]
    assert all(np.all(b == 0) for b in m.biases)
    assert all(np.std(W) > 0 for W in m.weights)
    m2 = need().MLP([5, 7, 6, 3], activation="relu", output="softmax", l2=0.0, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(m.weights, m2.weights))
    big = need().MLP([400, 300, 2], activation="relu", output="softmax", l2=0.0, seed=1)
    assert abs(big.weights[0].std() - np.sqrt(2 / 400)) < 0.01
    big = need().MLP([400, 300, 2], activation="tanh", output="softmax", l2=0.0, seed=1)
    assert abs(big.weights[0].std() - np.sqrt(1 / 400)) < 0.01


@pytest.mark.parametrize("act,output", COMBOS)
def test_forward_and_loss(act, output):
    sizes = [4, 6, 5, 3]
    for seed in range(3):
        m = make(sizes, act, output, 0.05, seed)
        X, y = data(sizes, output, seed)
        exp = ref_forward(m.weights, m.biases, act, output, X)
        assert np.allclose(m.forward(X), exp, rtol=1e-7, atol=1e-9)
        assert abs(m.loss(X, y) - ref_loss(m.weights, m.biases, act, output, 0.05, X, y)) < 1e-8


@pytest.mark.parametrize("act,output", COMBOS)
@pytest.mark.parametrize("sizes", [[3, 4], [4, 6, 3], [5, 7, 6, 3], [3, 5, 4, 4, 2]])
def test_gradients_numerically(act, output, sizes):
    l2 = 0.03
    m = make(sizes, act, output, l2, len(sizes))
    X, y = data(sizes, output, 7 + len(sizes))
    dW, db = m.gradients(X, y)
    assert len(dW) == len(m.weights) and len(db) == len(m.biases)
    h = 1e-6
    for plist, glist in ((m.weights, dW), (m.biases, db)):
        for P, G in zip(plist, glist):
            assert G.shape == P.shape
            num = np.zeros_like(P)
            it = np.nditer(P, flags=["multi_index"])
            for _ in it:
                i = it.multi_index
                old = P[i]
                P[i] = old + h; lp = ref_loss(m.weights, m.biases, act, output, l2, X, y)
                P[i] = old - h; lm = ref_loss(m.weights, m.biases, act, output, l2, X, y)
                P[i] = old
                num[i] = (lp - lm) / (2 * h)
            assert np.allclose(G, num, rtol=1e-4, atol=1e-6), (act, output, sizes)


def test_single_target_regression_shapes():
    m = make([3, 5, 1], "tanh", "linear", 0.0, 1)
    X = np.random.default_rng(0).normal(size=(10, 3))
    y = np.arange(10.0)
    assert m.predict(X).shape == (10,)
    dW, db = m.gradients(X, y)
    assert dW[-1].shape == (5, 1)
    assert np.isfinite(m.loss(X, y))


def test_softmax_stability():
    m = make([3, 4, 3], "relu", "softmax", 0.0, 2)
    m.weights = [W * 1e3 for W in m.weights]
    X = np.random.default_rng(1).normal(0, 50, (20, 3))
    y = np.random.default_rng(2).integers(0, 3, 20)
    P = m.forward(X)
    assert np.all(np.isfinite(P)) and np.allclose(P.sum(1), 1)
    assert np.isfinite(m.loss(X, y))
    dW, db = m.gradients(X, y)
    assert all(np.all(np.isfinite(g)) for g in dW + db)
    assert np.allclose(m.predict_proba(X), P)
    assert np.array_equal(m.predict(X), P.argmax(1))


def test_sgd_momentum():
    M = need()
    g = np.random.default_rng(0)
    p = [g.normal(size=(3, 2)), g.normal(size=4)]
    ref = [x.copy() for x in p]
    vel = [np.zeros_like(x) for x in p]
    opt = M.SGD(lr=0.1, momentum=0.8)
    for step in range(4):
        grads = [g.normal(size=x.shape) for x in p]
        before = [id(x) for x in p]
        opt.step(p, grads)
        assert [id(x) for x in p] == before, "step must update arrays in place"
        for i in range(2):
            vel[i] = 0.8 * vel[i] - 0.1 * grads[i]
            ref[i] = ref[i] + vel[i]
        assert all(np.allclose(a, b, atol=1e-12) for a, b in zip(p, ref))
    opt = M.SGD(lr=0.5)
    q = [np.ones(3)]
    opt.step(q, [np.full(3, 2.0)])
    assert np.allclose(q[0], 0.0)


def test_adam():
    M = need()
    g = np.random.default_rng(1)
    p = [g.normal(size=(2, 3)), g.normal(size=3)]
    ref = [x.copy() for x in p]
    m1 = [np.zeros_like(x) for x in p]
    m2 = [np.zeros_like(x) for x in p]
    opt = M.Adam(lr=0.01, beta1=0.8, beta2=0.95, eps=1e-6)
    for t in range(1, 6):
        grads = [g.normal(size=x.shape) * (t if t % 2 else 0.1) for x in p]
        opt.step(p, grads)
        for i in range(2):
            m1[i] = 0.8 * m1[i] + 0.2 * grads[i]
            m2[i] = 0.95 * m2[i] + 0.05 * grads[i] ** 2
            mh = m1[i] / (1 - 0.8 ** t)
            vh = m2[i] / (1 - 0.95 ** t)
            ref[i] = ref[i] - 0.01 * mh / (np.sqrt(vh) + 1e-6)
        assert all(np.allclose(a, b, atol=1e-12) for a, b in zip(p, ref))
    M.Adam()  # all defaults


def test_save_load(tmp_path):
    M = need()
    for act, output, sizes in [("tanh", "softmax", [4, 6, 3]), ("relu", "linear", [4, 5, 5, 2]), ("sigmoid", "softmax", [4, 2])]:
        m = make(sizes, act, output, 0.01, 5)
        path = str(tmp_path / f"m_{act}.npz")
        m.save(path)
        m2 = M.MLP.load(path)
        X = np.random.default_rng(3).normal(size=(7, 4))
        assert np.allclose(m.forward(X), m2.forward(X), atol=1e-12)
        assert m2.activation == act and m2.output == output
        assert list(m2.layer_sizes) == sizes


def test_fit_spirals_adam():
    X, y = D.spirals(600, seed=11)
    Xt, yt = D.spirals(2000, seed=12)
    m = need().MLP([2, 32, 32, 3], activation="relu", output="softmax", l2=0.0, seed=0)
    t = time.time()
    hist = m.fit(X, y, epochs=60, lr=0.01, batch_size=64, optimizer="adam")
    assert time.time() - t < 40
    assert len(hist) == 60 and hist[-1] < hist[0]
    acc = (m.predict(Xt) == yt).mean()
    print("spiral acc", acc)
    assert acc >= 0.93


def test_fit_wave_regression():
    X, y = D.wave(600, seed=21)
    Xt, yt = D.wave(2000, seed=22)
    m = need().MLP([2, 32, 32, 1], activation="tanh", output="linear", l2=0.0, seed=0)
    m.fit(X, y, epochs=60, lr=0.005, batch_size=64, optimizer="adam")
    mse = ((m.predict(Xt) - yt) ** 2).mean()
    print("wave mse", mse, "var", yt.var())
    assert mse < 0.1 * yt.var()


def test_fit_rings_sgd():
    X, y = D.rings(1000, seed=31)
    Xt, yt = D.rings(2000, seed=32)
    m = need().MLP([2, 16, 2], activation="sigmoid", output="softmax", l2=0.0, seed=0)
    m.fit(X, y, epochs=100, lr=0.1, batch_size=32, optimizer="sgd", momentum=0.9)
    acc = (m.predict(Xt) == yt).mean()
    print("rings acc", acc)
    assert acc >= 0.85


def test_trained_model_on_hidden_data():
    M = need()
    assert os.path.exists("/app/model.npz"), "/app/model.npz missing"
    m = M.MLP.load("/app/model.npz")
    X, y = D.task_data(4000, 2024)
    acc = (m.predict(X) == y).mean()
    print("hidden acc", acc)
    assert acc >= 0.90
