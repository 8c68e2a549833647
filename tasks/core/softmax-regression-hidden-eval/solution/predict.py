import csv, sys
import numpy as np

sys.path.insert(0, "/app")
from softmax_train import load, design, proba  # noqa: E402

m = np.load("/app/model.npz")
ids, X, reg, _ = load(sys.argv[1])
P = proba(design(X, reg, m["mu"], m["sd"], list(m["regions"])), m["W"])
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "label", "p0", "p1", "p2", "p3"])
    for i, p in zip(ids, P):
        w.writerow([i, int(p.argmax())] + [f"{v:.6f}" for v in p])
