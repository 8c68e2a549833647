import sys
import numpy as np
sys.path.insert(0, "/app")
from mlp import MLP

d = np.load("/app/data/train.npz")
X, y = d["X"], d["y"]
mu, sd = X.mean(0), X.std(0)
m = MLP([X.shape[1], 64, 64, 4], "relu", "softmax", l2=1e-4, seed=0)
m.fit((X - mu) / sd, y, epochs=60, lr=0.003, batch_size=64)
# fold the standardisation into the first layer so the model takes raw features
W0 = m.weights[0]
m.weights[0] = W0 / sd[:, None]
m.biases[0] = m.biases[0] - (mu / sd) @ W0
print("train acc", (m.predict(X) == y).mean())
m.save("/app/model.npz")
