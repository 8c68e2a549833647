# Regenerates environment/samples (run from a directory holding hzc.py = solution/hzc.py and hzcgen.py = tests/hzcgen.py).
import base64, json, random, os
import hzc, hzcgen
T = "/work/main/tasks/core/hzc-container-codec/environment/samples"
b64 = lambda b: base64.b64encode(b).decode()
focused = []
for v in (1, 2):
    focused += [
        {"version": v, "entries": [{"type": "meta", "items": [["name", "demo"]]}]},
        {"version": v, "entries": [{"type": "meta", "items": [["a", "1"], ["b", "22"], ["a", "333"]]}, {"type": "meta", "items": []}]},
        {"version": v, "entries": [{"type": "blob", "name": "hello.txt", "method": "stored", "data": b64(b"hello, world\n")}]},
        {"version": v, "entries": [{"type": "blob", "name": "runs", "method": "rle", "data": b64(b"A" * 10 + b"BC" + b"\x00" * 300 + bytes(range(200)) + b"xyzzzz")}]},
        {"version": v, "entries": [{"type": "blob", "name": "text", "method": "lz", "data": b64(b"abcabcabcabcabcX abcdefabcdef the cat sat on the mat; the cat sat on the hat." * 3)}]},
        {"version": v, "entries": [{"type": "table", "name": "t", "columns": [{"name": "n", "type": "int"}], "rows": [[0], [1], [-1], [2], [63], [64], [-65], [1000], [999], [-300000]]}]},
        {"version": v, "entries": [{"type": "table", "name": "f", "columns": [{"name": "x", "type": "float"}, {"name": "label", "type": "str"}], "rows": [[1.0, "one"], [-2.5, "two"], [0.1, "one"]]}]},
    ]
focused.append({"version": 2, "entries": [{"type": "link", "from": "node-a", "to": "node-b", "weight": 7}, {"type": "link", "from": "node-b", "to": "node-a", "weight": 300}, {"type": "meta", "items": [["node-a", "node-b"]]}]})
focused.append({"version": 1, "entries": [{"type": "blob", "name": "big", "method": "lz", "data": b64(hzcgen.rdata(random.Random(3), 6000) + bytes(random.Random(4).getrandbits(8) for _ in range(200)) + b"0123456789" * 500)}]})
focused.append({"version": 2, "entries": [{"type": "blob", "name": "empty", "method": m, "data": ""} for m in ("stored", "rle", "lz")]})
r = random.Random(2025)
docs = focused + [hzcgen.random_doc(r, big=(i % 9 == 0)) for i in range(24)]
for i, d in enumerate(docs, 1):
    d = json.loads(json.dumps(d))
    b = hzc.encode(d)
    assert hzc.decode(b) == d
    open(f"{T}/sample{i:02d}.hzc", "wb").write(b)
    open(f"{T}/sample{i:02d}.json", "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
cr = random.Random(77)
n = 0
for d in (docs[10], docs[3], docs[20], docs[30]):
    b = hzc.encode(json.loads(json.dumps(d)))
    for kind, c in hzcgen.corruptions(cr, b):
        if kind in ("bitflip", "entry-checksum", "header-checksum", "truncated") and n < 6:
            n += 1
            open(f"{T}/corrupt/bad{n}.hzc", "wb").write(c)
print(len(docs), n)
