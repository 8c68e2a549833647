import json, os
HERE = os.path.dirname(__file__)
def test_jsonl():
    want = json.load(open(os.path.join(HERE, "expected_events.json"), encoding="utf-8"))
    text = open("/app/events.jsonl", encoding="utf-8").read()
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n")
    assert len(lines) == len(want)
    for line, obj in zip(lines, want):
        assert line.strip(), "blank line"
        assert json.loads(line) == obj
def test_source_unchanged():
    assert json.load(open("/app/events.json", encoding="utf-8")) == json.load(open(os.path.join(HERE, "expected_events.json"), encoding="utf-8"))
