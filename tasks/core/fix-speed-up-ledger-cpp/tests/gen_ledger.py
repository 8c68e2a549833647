"""Random ledger datasets and queries for the hidden tests (deterministic from a seed)."""

import random

VOCAB = ["coffee", "Coffee", "COFFEE", "rent", "Rent", "taxi", "uber", "book", "books", "grocery",
         "salary", "refund", "gift", "coffee2", "x", "a1b2", "lunch", "Lunch", "fee", "bonus"]
PUNCT = [" ", " ", " ", "-", "/", ".", "!", " & ", "  ", "'", ":"]
CATEGORIES = ["food", "rent", "travel", "pay", "fun", "misc", "tax", "gifts", "zz", "a"]


def memo(r, quoted_prob):
    words = [r.choice(VOCAB) for _ in range(r.randint(0, 4))]
    text = ""
    for w in words:
        text += w + r.choice(PUNCT)
    if r.random() < quoted_prob:
        extra = r.choice([", with comma", ' say ""hi""', ",,", '""', " a,b,c", ""])
        return '"' + text + extra + '"'
    return text.strip().replace('"', "")


def accounts(r, n):
    names = set()
    while len(names) < n:
        k = r.randint(0, 3)
        if k == 0:
            names.add(r.choice(["a", "b", "ab", "a_1", "a1", "z", "_x"]) + str(r.randint(0, 3)))
        else:
            names.add("".join(r.choice("abcdefghij_0123") for _ in range(r.randint(1, 6))))
    return sorted(names)


def dataset(seed, n, n_accounts, crlf=None, quoted_prob=0.2, big_prob=0.02):
    r = random.Random(seed)
    accs = accounts(r, n_accounts)
    cats = r.sample(CATEGORIES, r.randint(2, len(CATEGORIES)))
    if crlf is None:
        crlf = r.random() < 0.4
    eol = "\r\n" if crlf else "\n"
    base_times = [r.randint(0, 4_000_000_000) for _ in range(max(1, n // 20))]
    amounts = [-500, -1000, -250, -2000, -99, 1000, 2500, -500, -1]
    rows = ["account,ts,memo,amount,category"]
    info = {"accounts": accs, "cats": cats, "times": []}
    for _ in range(n):
        acc = r.choice(accs[: max(1, len(accs) // 3)] if r.random() < 0.5 else accs)
        if r.random() < 0.7:
            ts = min(4_000_000_000, r.choice(base_times) + r.choice([0, 0, 1, 59, 60, 61, 3600, 86399, 86400, 90000, r.randint(0, 10**6)]))
        else:
            ts = r.randint(0, 4_000_000_000)
        if r.random() < big_prob:
            amount = r.choice([-1, 1]) * r.randint(10**12, 10**13)
        elif r.random() < 0.6:
            amount = r.choice(amounts)
        else:
            amount = r.randint(-100000, 100000) or -7
        rows.append(f"{acc},{ts},{memo(r, quoted_prob)},{amount},{r.choice(cats)}")
        info["times"].append(ts)
        if r.random() < 0.01:
            rows.append("")
    return eol.join(rows) + (eol if r.random() < 0.8 else ""), info


def queries(seed, info, q):
    r = random.Random(seed)
    accs = info["accounts"] + ["nobody", "a", "zz9"]
    times = info["times"] or [0]
    out = []

    def t():
        return r.choice([r.choice(times), r.choice(times) + r.choice([-1, 0, 1]), r.randint(0, 4_000_000_000), 0, 4_000_000_000])

    def window():
        a, b = t(), t()
        if a > b:
            a, b = b, a
        if r.random() < 0.2:
            b = a + r.choice([0, 1, 60, 86400])
        return a, b

    for _ in range(q):
        k = r.randint(0, 9)
        if k <= 1:
            out.append(f"BAL {r.choice(accs)} {t()}")
        elif k <= 3:
            a, b = window()
            out.append(f"TOP {r.randint(1, 12)} {a} {b}")
        elif k == 4:
            a, b = window()
            out.append(f"CAT {r.choice(info['cats'] + ['nothing'])} {a} {b}")
        elif k <= 6:
            out.append(f"DUP {r.choice(accs)} {r.choice([0, 1, 59, 60, 3600, 86400, 10**6, 4_000_000_000])}")
        elif k <= 8:
            a, b = window()
            if r.random() < 0.2:
                a, b = 0, 4_000_000_000
            word = r.choice(VOCAB + ["COFFEE", "cOfFeE", "missing", "2", "b2"])
            out.append(f"MEMO {word} {a} {b}")
        else:
            out.append(f"STREAK {r.choice(accs)}")
    return "\n".join(out) + "\n"


def streak_dataset(seed):
    """Accounts with debits on runs of consecutive days (several per day) to test STREAK."""
    r = random.Random(seed)
    rows = ["account,ts,memo,amount,category"]
    names = ["s1", "s2", "s3", "s4"]
    for name in names:
        day = r.randint(0, 40000)
        for _ in range(r.randint(3, 12)):
            run = r.randint(1, 6)
            for d in range(run):
                for _ in range(r.randint(1, 3)):
                    ts = (day + d) * 86400 + r.randint(0, 86399)
                    rows.append(f"{name},{ts},day {d},{r.choice([-5, -5, 7])},food")
            day += run + r.randint(1, 3)
    info = {"accounts": names, "cats": ["food"], "times": [0, 4_000_000_000]}
    return "\n".join(rows) + "\n", info
