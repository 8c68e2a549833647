import csv
import numpy as np

NBS = None


def features(rows, age_mean, nbs):
    X = []
    for r in rows:
        age = float(r["age"]) if r["age"].strip() else age_mean
        x = [1.0, float(r["sqft"]), float(r["bedrooms"]), age, float(r["lot_acres"]),
             1.0 if r["garage"].strip() == "yes" else 0.0]
        x += [1.0 if r["neighborhood"] == n else 0.0 for n in nbs[1:]]
        X.append(x)
    return np.array(X)


tr = list(csv.DictReader(open("/app/train.csv")))
te = list(csv.DictReader(open("/app/test.csv")))
ages = [float(r["age"]) for r in tr if r["age"].strip()]
age_mean = sum(ages) / len(ages)
nbs = sorted({r["neighborhood"] for r in tr})
X = features(tr, age_mean, nbs)
y = np.array([float(r["price"]) for r in tr])
w, *_ = np.linalg.lstsq(X, y, rcond=None)
print("train rmse", np.sqrt(np.mean((X @ w - y) ** 2)))
pred = features(te, age_mean, nbs) @ w
with open("/app/predictions.csv", "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["id", "price"])
    for r, p in zip(te, pred):
        out.writerow([r["id"], f"{p:.2f}"])
