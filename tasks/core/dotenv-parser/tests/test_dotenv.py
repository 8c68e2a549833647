import sys, importlib, pytest
sys.path.insert(0, "/app")
sys.modules.pop("dotenv", None)
dotenv = importlib.import_module("dotenv")
assert dotenv.__file__.startswith("/app/"), dotenv.__file__
P = dotenv.parse_dotenv

OK = [
    ("", {}),
    ("# only comment\n\n   \n\t# indented comment\n", {}),
    ("A=1", {"A": "1"}),
    ("A=1\nB=2\n", {"A": "1", "B": "2"}),
    ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
    ("  A  =  hello world  ", {"A": "hello world"}),
    ("export A=x", {"A": "x"}),
    ("export\tA=x", {"A": "x"}),
    ("exportA=x", {"exportA": "x"}),
    ("export=x", {"export": "x"}),
    ("A=", {"A": ""}),
    ("A=   ", {"A": ""}),
    ("A=abc#def", {"A": "abc#def"}),
    ("A=abc #def", {"A": "abc"}),
    ("A=abc\t#def", {"A": "abc"}),
    ("A=#def", {"A": ""}),
    ("A= #def", {"A": ""}),
    ("A=a # b # c", {"A": "a"}),
    ("A=it's \"fine\"", {"A": "it's \"fine\""}),
    ("A='single # not comment'", {"A": "single # not comment"}),
    ("A='a\\nb'", {"A": "a\\nb"}),
    ("A='x' # c", {"A": "x"}),
    ("A='x'   ", {"A": "x"}),
    ("A=''", {"A": ""}),
    ('A=""', {"A": ""}),
    ('A="a\\nb\\tc"', {"A": "a\nb\tc"}),
    ('A="back\\\\slash"', {"A": "back\\slash"}),
    ('A="say \\"hi\\""', {"A": 'say "hi"'}),
    ('A="keep \\x and \\q"', {"A": "keep \\x and \\q"}),
    ('A="hash # inside"  # comment', {"A": "hash # inside"}),
    ('A="x"#c', {"A": "x"}),
    ("A=1\nB=${A}2", {"A": "1", "B": "12"}),
    ("B=${A}\nA=1", {"B": "", "A": "1"}),
    ("A=1\nB=\"<${A}>\"", {"A": "1", "B": "<1>"}),
    ("A=1\nB='${A}'", {"A": "1", "B": "${A}"}),
    ("A=1\nB=\"\\${A}\"", {"A": "1", "B": "${A}"}),
    ("A=1\nB=$A ${ A} ${A", {"A": "1", "B": "$A ${ A} ${A"}),
    ("A=1\nA=2\nB=3", {"A": "2", "B": "3"}),
    ("A=1\nB=x\nA=${A}${A}", {"A": "11", "B": "x"}),
    ("A=${B}\n", {"A": ""}),
    ("A=$${X}\nX=y\nB=${A}", {"A": "$", "X": "y", "B": "$"}),
    ("A=\"${X}\"\nX=$", {"A": "", "X": "$"}),
    ("A=a\nB=${A}${A}\nC=${B}-${B}", {"A": "a", "B": "aa", "C": "aa-aa"}),
    ("A=x\nB=\"${A}\\$\"", {"A": "x", "B": "x$"}),
    ("A=${X}\nX=1\nY=${X}", {"A": "", "X": "1", "Y": "1"}),
    ("A=\"$\"", {"A": "$"}),
    ("_a_1=ok", {"_a_1": "ok"}),
    ("A=é ünïcode", {"A": "é ünïcode"}),
    ("A=x=y=z", {"A": "x=y=z"}),
    ("A=1\n\n# c\nB=2", {"A": "1", "B": "2"}),
    ("A=\"x\\\\\"", {"A": "x\\"}),
    ("A=v\\n", {"A": "v\\n"}),
    ("A='it''", None),
]


@pytest.mark.parametrize("text,want", [c for c in OK if c[1] is not None])
def test_ok(text, want):
    got = P(text)
    assert got == want
    assert list(got) == list(want)


def test_order_of_first_definition():
    got = P("B=1\nA=2\nB=3\n")
    assert list(got.items()) == [("B", "3"), ("A", "2")]


ERR = [
    ("A=1\nthis is wrong\n", 2),
    ("A=1\n\n1A=2", 3),
    ("=x", 1),
    ("A B=1", 1),
    ("export A", 1),
    ("A-B=1", 1),
    ("A=1\nB='unterminated", 2),
    ('A=1\nB=2\nC="unterminated', 3),
    ('A="x\ny"', 1),
    ("A='x' y", 1),
    ('A="x" y', 1),
    ('A="x\\"', 1),
    ("A='it''", 1),
    ("# c\n  \nexport  \n", 3),
]


@pytest.mark.parametrize("text,line", ERR)
def test_errors(text, line):
    with pytest.raises(ValueError) as e:
        P(text)
    assert f"line {line}" in str(e.value)
