"""Grade /app/reports as the agent sees it (obsgrade.agent_tree: lstat and sha256, walked as the
agent by an isolated Python); the expected hashes stay here."""
import horizon_grading as hg
import horizon_obsgrade as obsgrade

D = "/app/reports"
EXPECTED = {
    "q2_summary.txt": "d231dec544d1d1512c524637d3852b33446f23767353d32b167c24c246d41d40",
    "q3_notes_DRAFT.txt": "db95538dd680b964de23b5a8740707480bc4f6d60b26a767b4e198685a4e44fd",
    "q3_summary.txt": "34e2145152c28ec5a61754bba9b12cfd2444998ae903b74528247938e1aad1c2",
    "revenue.csv": "0c4a44c1ffd72e3ae255d71f09bccdce78549c126dc1974a8b15e6db34fabba6",
}
TREE = obsgrade.agent_tree(D)


def top():
    assert TREE is not None and "error" not in TREE and TREE["."]["type"] == "dir", "no /app/reports"
    return {k: v for k, v in TREE.items() if k != "." and "/" not in k}


def test_renamed():
    entries = top()
    assert entries.get("q3_summary.txt", {}).get("type") == "file"
    assert "q3_summary_DRAFT.txt" not in entries


def test_directory_exact():
    entries = top()
    assert sorted(entries) == sorted(EXPECTED)
    for name, h in EXPECTED.items():
        assert entries[name]["type"] == "file" and entries[name].get("sha256") == h, name


CHECKS = [("test_renamed", test_renamed), ("test_directory_exact", test_directory_exact)]


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

