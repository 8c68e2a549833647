import hashlib, os
D = "/app/reports"
def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()
EXPECTED = {
    "q2_summary.txt": "d231dec544d1d1512c524637d3852b33446f23767353d32b167c24c246d41d40",
    "q3_notes_DRAFT.txt": "db95538dd680b964de23b5a8740707480bc4f6d60b26a767b4e198685a4e44fd",
    "q3_summary.txt": "34e2145152c28ec5a61754bba9b12cfd2444998ae903b74528247938e1aad1c2",
    "revenue.csv": "0c4a44c1ffd72e3ae255d71f09bccdce78549c126dc1974a8b15e6db34fabba6",
}
def test_renamed():
    assert os.path.isfile(os.path.join(D, "q3_summary.txt"))
    assert not os.path.exists(os.path.join(D, "q3_summary_DRAFT.txt"))
def test_directory_exact():
    assert sorted(os.listdir(D)) == sorted(EXPECTED)
    for name, h in EXPECTED.items():
        assert sha(os.path.join(D, name)) == h, name
