"""Grade /app/retention.csv, read as the agent (read_output); the expected table stays here."""
import csv

import horizon_grading as hg
import horizon_obsgrade as obsgrade

EXPECTED = """cohort,users,m0,m1,m2,m3,m4,m5
2024-01,283,0.7562,0.5336,0.4806,0.4099,0.3675,0.3216
2024-02,257,0.7704,0.5875,0.5136,0.4319,0.3891,
2024-03,328,0.7988,0.5427,0.4573,0.4268,,
2024-04,275,0.8255,0.5236,0.5236,,,
2024-05,293,0.7884,0.5222,,,,
2024-06,307,0.7720,,,,,
"""


def rows(text):
    return [r for r in csv.reader(text.splitlines()) if r]


def got():
    text = obsgrade.read_text("/app/retention.csv")
    assert text is not None, "/app/retention.csv missing or unreadable"
    return rows(text)


def test_header():
    assert got()[0] == rows(EXPECTED)[0]


def test_cohorts_and_sizes():
    g, e = got()[1:], rows(EXPECTED)[1:]
    assert [r[0] for r in g] == [r[0] for r in e]
    assert [int(r[1]) for r in g] == [int(r[1]) for r in e]


def test_retention_values():
    g, e = got()[1:], rows(EXPECTED)[1:]
    assert len(g) == len(e)
    for gr, er in zip(g, e):
        assert len(gr) == len(er), gr
        for gv, ev in zip(gr[2:], er[2:]):
            if ev == "":
                assert gv.strip() == "", (gr, er)
            else:
                assert abs(float(gv) - float(ev)) < 0.00006, (gr, er)


def test_format_four_decimals():
    for r in got()[1:]:
        for v in r[2:]:
            if v:
                assert len(v.split(".")[1]) == 4, v


CHECKS = [(f.__name__, f) for f in (test_header, test_cohorts_and_sizes, test_retention_values,
                                     test_format_four_decimals)]


def main():
    results = {}
    for name, check in CHECKS:
        try:
            check()
            results[name] = True
        except Exception as err:  # a missing, garbled or wrong answer: that check fails
            print(f"{name}: {type(err).__name__}: {str(err)[:300]}")
            results[name] = False
    ok = all(results.values())
    print(f"reward {int(ok)}: {results}")
    hg.write_reward(1 if ok else 0, details={"checks": results})


main()
