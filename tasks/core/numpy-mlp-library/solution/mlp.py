"""Reference numpy MLP library."""
import numpy as np

_ACT = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(z.dtype)),
    "tanh": (np.tanh, lambda z, a: 1 - a * a),
    "sigmoid": (lambda z: 0.5 * (1 + np.tanh(0.5 * z)), lambda z, a: a * (1 - a)),
}


class SGD:
    def __init__(self, lr=0.01, momentum=0.0):
        self.lr, self.momentum, self.v = lr, momentum, None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.v):
            v *= self.momentum
            v -= self.lr * g
            p += v


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.b1; m += (1 - self.b1) * g
            v *= self.b2; v += (1 - self.b2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


class MLP:
    def __init__(self, layer_sizes, activation="relu", output="softmax", l2=0.0, seed=0):
        if activation not in _ACT or output not in ("softmax", "linear") or len(layer_sizes) < 2:
            raise ValueError("bad configuration")
        self.layer_sizes = [int(s) for s in layer_sizes]
        self.activation, self.output, self.l2, self.seed = activation, output, float(l2), seed
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.weights = [rng.normal(0, np.sqrt(gain / a), (a, b)) for a, b in zip(self.layer_sizes, self.layer_sizes[1:])]
        self.biases = [np.zeros(b) for b in self.layer_sizes[1:]]

    # ---- core
    def _forward(self, X):
        f = _ACT[self.activation][0]
        zs, acts = [], [np.asarray(X, dtype=float)]
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = acts[-1] @ W + b
            zs.append(z)
            if i < len(self.weights) - 1:
                acts.append(f(z))
        out = zs[-1]
        if self.output == "softmax":
            s = out - out.max(axis=1, keepdims=True)
            e = np.exp(s)
            out = e / e.sum(axis=1, keepdims=True)
        return zs, acts, out

    def forward(self, X):
        return self._forward(X)[2]

    def _targets(self, y, n):
        y = np.asarray(y)
        if self.output == "softmax":
            return y.astype(int)
        return y.reshape(n, -1).astype(float)

    def _data_loss(self, X, y, out):
        n = len(out)
        if self.output == "softmax":
            Xs = self._forward(X)[0][-1]
            s = Xs - Xs.max(axis=1, keepdims=True)
            logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
            return -logp[np.arange(n), y].mean()
        return 0.5 * ((out - y) ** 2).sum(axis=1).mean()

    def loss(self, X, y):
        X = np.asarray(X, dtype=float)
        out = self.forward(X)
        yt = self._targets(y, len(X))
        reg = 0.5 * self.l2 * sum((W * W).sum() for W in self.weights)
        return float(self._data_loss(X, yt, out) + reg)

    def gradients(self, X, y):
        X = np.asarray(X, dtype=float)
        n = len(X)
        zs, acts, out = self._forward(X)
        yt = self._targets(y, n)
        if self.output == "softmax":
            delta = out.copy()
            delta[np.arange(n), yt] -= 1
        else:
            delta = out - yt
        delta /= n
        dfn = _ACT[self.activation][1]
        dW = [None] * len(self.weights)
        db = [None] * len(self.weights)
        for i in range(len(self.weights) - 1, -1, -1):
            dW[i] = acts[i].T @ delta + self.l2 * self.weights[i]
            db[i] = delta.sum(axis=0)
            if i > 0:
                delta = (delta @ self.weights[i].T) * dfn(zs[i - 1], acts[i])
        return dW, db

    def fit(self, X, y, epochs=100, lr=0.001, batch_size=32, optimizer="adam", momentum=0.9, seed=0, verbose=False):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        opt = Adam(lr) if optimizer == "adam" else SGD(lr, momentum)
        rng = np.random.default_rng(seed)
        hist = []
        n = len(X)
        for ep in range(epochs):
            idx = rng.permutation(n)
            tot = 0.0
            for s in range(0, n, batch_size):
                b = idx[s:s + batch_size]
                dW, db = self.gradients(X[b], y[b])
                opt.step(self.weights + self.biases, dW + db)
            hist.append(self.loss(X, y))
            if verbose:
                print(ep, hist[-1])
        return hist

    def predict_proba(self, X):
        if self.output != "softmax":
            raise ValueError("predict_proba needs a softmax output")
        return self.forward(X)

    def predict(self, X):
        out = self.forward(X)
        if self.output == "softmax":
            return out.argmax(axis=1)
        return out[:, 0] if out.shape[1] == 1 else out

    def save(self, path):
        d = {f"W{i}": W for i, W in enumerate(self.weights)}
        d.update({f"b{i}": b for i, b in enumerate(self.biases)})
        np.savez(path, layer_sizes=np.array(self.layer_sizes), activation=self.activation,
                 output=self.output, l2=self.l2, **d)

    @classmethod
    def load(cls, path):
        z = np.load(path)
        m = cls(list(z["layer_sizes"]), str(z["activation"]), str(z["output"]), float(z["l2"]))
        m.weights = [z[f"W{i}"] for i in range(len(m.layer_sizes) - 1)]
        m.biases = [z[f"b{i}"] for i in range(len(m.layer_sizes) - 1)]
        return m
