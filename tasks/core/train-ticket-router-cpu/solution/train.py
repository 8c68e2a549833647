"""python3 train.py TRAIN_CSV MODEL_DIR: fit the ticket router and save it to MODEL_DIR."""
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from router import GBDT, Encoders, oof_features, read_csv  # noqa: E402

PARAMS = dict(rounds=120, lr=0.1, depth=3, min_leaf=20, lam=1.0, colsample=0.8, subsample=0.6)


def main(train_csv, model_dir):
    rows = read_csv(train_csv)
    teams = sorted({r["team"] for r in rows})
    K = len(teams)
    y = np.array([teams.index(r["team"]) for r in rows])
    X = oof_features(rows, y, K)
    enc = Encoders().fit(rows, y, K)
    model = GBDT(**PARAMS).fit(X, y, K)
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "model.pkl"), "wb") as f:
        pickle.dump({"teams": teams, "enc": enc, "model": model}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
