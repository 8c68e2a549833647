#!/usr/bin/env python3
"""Verifier for train-ticket-router-cpu (runs as root from /tests).

Hidden data: a fresh labelled training sample and a test sample from tests/gen.py with seeds
kept here. The agent's /app/train.py and /app/predict.py run only as the agent user, through
horizon_grading.run_program, in a fresh agent-owned folder; CPU time is measured from outside
over the whole process tree. The test labels never leave this process. Score = macro-F1.

Exit code: 0 graded (reward written), anything else = the verifier itself broke.
"""
import csv
import io
import os
import sys

import horizon_grading as hg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

TRAIN_SEED, TEST_SEED = 734019, 552187
N_TRAIN, N_TEST = 12000, 8000
TRAIN_CPU_SEC, PREDICT_CPU_SEC = 300.0, 60.0
BASELINE, BAR, AT_BAR = 0.35, 0.67, 0.8   # reward 0 at BASELINE, AT_BAR at BAR, 1 above


def macro_f1(truth, pred):
    f = []
    for k in gen.TEAMS:
        tp = sum(1 for t, p in zip(truth, pred) if t == k and p == k)
        fp = sum(1 for t, p in zip(truth, pred) if t != k and p == k)
        fn = sum(1 for t, p in zip(truth, pred) if t == k and p != k)
        f.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f) / len(f)


def write_as_agent(path, text):
    r = hg.run_program(["sh", "-c", 'cat > "$0"', path], stdin=text, timeout_sec=60)
    if r.returncode != 0:
        raise hg.GradingError(f"cannot write {path} as the agent: {r.stderr!r}")


def grade():
    train_rows, train_labels = gen.make(N_TRAIN, TRAIN_SEED)
    test_rows, test_labels = gen.make(N_TEST, TEST_SEED)
    work = hg.agent_workdir()
    write_as_agent(f"{work}/train.csv", gen.to_csv(train_rows, train_labels))
    info = {}

    r = hg.run_program(["python3", "/app/train.py", f"{work}/train.csv", f"{work}/model"],
                       timeout_sec=4 * TRAIN_CPU_SEC, cwd=work)
    info.update(train_cpu_sec=round(r.cpu_sec, 1), train_wall_sec=round(r.wall_sec, 1),
                train_max_rss_kb=r.max_rss_kb)
    print(f"train: exit {r.returncode}, {r.cpu_sec:.1f}s CPU, {r.wall_sec:.1f}s wall, {r.max_rss_kb} KB")
    if r.returncode != 0 or r.timed_out or r.cpu_sec > TRAIN_CPU_SEC:
        print("FAIL: train.py failed or went over its budget\n" + r.stderr.decode(errors="replace")[-2000:])
        return 0.0, {**info, "failed": "train"}

    write_as_agent(f"{work}/test.csv", gen.to_csv(test_rows))  # only after training
    r = hg.run_program(["python3", "/app/predict.py", f"{work}/model", f"{work}/test.csv"],
                       timeout_sec=4 * PREDICT_CPU_SEC, cwd=work)
    info.update(predict_cpu_sec=round(r.cpu_sec, 1), predict_wall_sec=round(r.wall_sec, 1))
    print(f"predict: exit {r.returncode}, {r.cpu_sec:.1f}s CPU, {r.wall_sec:.1f}s wall")
    if r.returncode != 0 or r.timed_out or r.cpu_sec > PREDICT_CPU_SEC or r.stdout_truncated:
        print("FAIL: predict.py failed or went over its budget\n" + r.stderr.decode(errors="replace")[-2000:])
        return 0.0, {**info, "failed": "predict"}

    try:
        reader = csv.reader(io.StringIO(r.stdout.decode("utf-8")))
        header = next(reader)
        body = [row for row in reader if row]
    except (UnicodeDecodeError, csv.Error, StopIteration):
        print("FAIL: predictions are not a readable CSV")
        return 0.0, {**info, "failed": "format"}
    if [h.strip() for h in header] != ["ticket_id", "team"]:
        print(f"FAIL: header {header!r}, expected ticket_id,team")
        return 0.0, {**info, "failed": "format"}
    pred = {}
    for row in body:
        if len(row) != 2 or row[0] in pred:
            print(f"FAIL: bad or repeated row {row[:3]!r}")
            return 0.0, {**info, "failed": "format"}
        pred[row[0]] = row[1].strip()
    ids = [row["ticket_id"] for row in test_rows]
    missing = sum(1 for i in ids if i not in pred)
    extra = len(pred) - (len(ids) - missing)
    if missing or extra:
        print(f"FAIL: {missing} test tickets without a prediction, {extra} unknown ids")
        return 0.0, {**info, "failed": "format"}
    score = macro_f1(test_labels, [pred[i] for i in ids])
    acc = sum(1 for t, i in zip(test_labels, ids) if pred[i] == t) / len(ids)
    reward = max(0.0, min(1.0, AT_BAR * (score - BASELINE) / (BAR - BASELINE)))
    print(f"macro-F1 {score:.4f} (bar {BAR}), accuracy {acc:.4f}, reward {reward:.3f}")
    return reward, {**info, "macro_f1": round(score, 4), "accuracy": round(acc, 4), "bar": BAR}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
