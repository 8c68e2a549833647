"""python3 predict.py MODEL_DIR INPUT_CSV > predictions.csv"""
import csv
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import router  # noqa: E402,F401  (pickle needs the classes)


def main(model_dir, input_csv):
    with open(os.path.join(model_dir, "model.pkl"), "rb") as f:
        m = pickle.load(f)
    rows = router.read_csv(input_csv)
    P = m["model"].predict_proba(m["enc"].transform(rows))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["ticket_id", "team"])
    for r, k in zip(rows, P.argmax(1)):
        out.writerow([r["ticket_id"], m["teams"][k]])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
