"""Builds /app/pricing-repo with a scripted, deterministic history (run once at image build)."""
import os, subprocess, json

REPO = "/app/pricing-repo"
os.makedirs(REPO, exist_ok=True)
ENV = dict(os.environ, GIT_AUTHOR_NAME="Dana Ruiz", GIT_AUTHOR_EMAIL="dana@example.com",
           GIT_COMMITTER_NAME="Dana Ruiz", GIT_COMMITTER_EMAIL="dana@example.com")
AUTHORS = [("Dana Ruiz", "dana@example.com"), ("Sam Okafor", "sam@example.com"), ("Lee Park", "lee@example.com")]

def git(*args, env=None):
    subprocess.run(["git", *args], cwd=REPO, check=True, env=env or ENV, stdout=subprocess.DEVNULL)

git("init", "-q", "-b", "main")
git("config", "user.name", "Dana Ruiz"); git("config", "user.email", "dana@example.com")

files = {}

MONEY_GOOD = '''from decimal import Decimal, ROUND_HALF_UP


def to_cents(amount):
    """Convert a decimal string such as '19.99' to integer cents."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_cents(cents):
    """Format integer cents as a decimal string."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def percent_of(cents, pct):
    """pct percent of an amount in cents, rounded half up."""
    return int((Decimal(cents) * Decimal(str(pct)) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
'''

CART = '''from .money import to_cents, percent_of


def subtotal(items):
    return sum(to_cents(it["price"]) * int(it.get("qty", 1)) for it in items)


def total(cart):
    sub = subtotal(cart["items"])
    disc = percent_of(sub, cart.get("discount_pct", 0))
    tax = percent_of(sub - disc, cart.get("tax_pct", 0))
    return sub - disc + tax
'''

CLI = '''import json
import sys

from .cart import total
from .money import from_cents


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "total":
        print("usage: python3 -m pricing.cli total CART.json", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        cart = json.load(f)
    print(from_cents(total(cart)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''

steps = []
def step(msg, **changes):
    steps.append((msg, changes))

def sub(path, old, new, count=1):
    def f(cur):
        assert old in cur, (path, old)
        return cur.replace(old, new, count)
    return f

step("Initial commit", **{"README.md": "# pricing\n\nSmall pricing helpers.\n"})
step("Add money helpers", **{"pricing/__init__.py": '__version__ = "0.1.0"\n', "pricing/money.py": MONEY_GOOD})
step("Add cart totals", **{"pricing/cart.py": CART})
step("Add CLI", **{"pricing/cli.py": CLI})
step("Add example cart", **{"examples/cart1.json": json.dumps({"items": [{"sku": "A-1", "price": "19.99", "qty": 2}, {"sku": "B-7", "price": "5.49"}, {"sku": "C-3", "price": "0.29", "qty": 3}], "discount_pct": 10, "tax_pct": 8.25}, indent=2) + "\n"})
step("README: usage", **{"README.md": sub("README.md", "helpers.\n", "helpers.\n\n    python3 -m pricing.cli total examples/cart1.json\n")})
step("Add basic tests", **{"tests/test_basic.py": "from pricing.money import from_cents\n\n\ndef test_from_cents():\n    assert from_cents(1234) == \"12.34\"\n    assert from_cents(-5) == \"-0.05\"\n"})
step("Add .gitignore", **{".gitignore": "__pycache__/\n*.pyc\n"})
step("Add CHANGELOG", **{"CHANGELOG.md": "# Changelog\n\n## 0.1.0\n- first release\n"})
step("money: document rounding", **{"pricing/money.py": sub("pricing/money.py", '"""pct percent of an amount in cents, rounded half up."""', '"""pct percent of an amount in cents, rounded half up (0.5 cent -> 1 cent)."""')})
step("Bump version to 1.0.0", **{"pricing/__init__.py": '__version__ = "1.0.0"\n', "CHANGELOG.md": sub("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 1.0.0\n- stable API\n")})
# index 10 is tagged v1.0
step("cart: support per-item discounts", **{"pricing/cart.py": sub("pricing/cart.py", 'return sum(to_cents(it["price"]) * int(it.get("qty", 1)) for it in items)', 'return sum(_line(it) for it in items)\n\n\ndef _line(it):\n    cents = to_cents(it["price"]) * int(it.get("qty", 1))\n    return cents - percent_of(cents, it.get("discount_pct", 0))')})
step("Add example with item discount", **{"examples/cart2.json": json.dumps({"items": [{"sku": "D-2", "price": "12.00", "qty": 1, "discount_pct": 50}], "tax_pct": 0}, indent=2) + "\n"})
step("tests: cart totals", **{"tests/test_cart.py": "from pricing.cart import total\n\n\ndef test_simple():\n    assert total({\"items\": [{\"price\": \"1.00\", \"qty\": 2}]}) == 200\n"})
step("README: mention item discounts", **{"README.md": sub("README.md", "helpers.\n", "helpers.\nItems may carry their own `discount_pct`.\n")})
step("cli: nicer usage message", **{"pricing/cli.py": sub("pricing/cli.py", "usage: python3 -m pricing.cli total CART.json", "usage: python3 -m pricing.cli total CART.json  (prints the total)")})
step("money: type hints", **{"pricing/money.py": lambda c: c.replace("def to_cents(amount):", "def to_cents(amount: str) -> int:").replace("def from_cents(cents):", "def from_cents(cents: int) -> str:")})
step("Add shipping fee support", **{"pricing/cart.py": sub("pricing/cart.py", "    return sub - disc + tax\n", "    ship = to_cents(cart.get(\"shipping\", \"0\"))\n    return sub - disc + tax + ship\n")})
step("CHANGELOG: shipping", **{"CHANGELOG.md": sub("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## unreleased\n- shipping fee\n")})
step("money: refactor to_cents", **{"pricing/money.py": sub("pricing/money.py", '    return int((Decimal(str(amount)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))\n', '    value = Decimal(str(amount)) * 100\n    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))\n')})
step("tests: shipping", **{"tests/test_cart.py": lambda c: c + "\n\ndef test_shipping():\n    assert total({\"items\": [], \"shipping\": \"4.99\"}) == 499\n"})
step("Add Makefile", **{"Makefile": "test:\n\tpython3 -m pytest -q tests\n"})
step("cli: read cart from stdin with -", **{"pricing/cli.py": sub("pricing/cli.py", "    with open(argv[1]) as f:\n        cart = json.load(f)\n", "    if argv[1] == \"-\":\n        cart = json.load(sys.stdin)\n    else:\n        with open(argv[1]) as f:\n            cart = json.load(f)\n")})
step("README: stdin", **{"README.md": lambda c: c + "\nUse `-` to read the cart from stdin.\n"})
step("Tidy imports", **{"pricing/cart.py": sub("pricing/cart.py", "from .money import to_cents, percent_of\n", "from .money import percent_of, to_cents\n")})
step("Add coupon codes table", **{"pricing/coupons.py": "COUPONS = {\n    \"WELCOME10\": 10,\n    \"SPRING5\": 5,\n}\n\n\ndef coupon_pct(code):\n    return COUPONS.get(code.upper(), 0) if code else 0\n"})
step("cart: apply coupon codes", **{"pricing/cart.py": lambda c: c.replace("from .money import percent_of, to_cents\n", "from .coupons import coupon_pct\nfrom .money import percent_of, to_cents\n").replace('disc = percent_of(sub, cart.get("discount_pct", 0))', 'disc = percent_of(sub, cart.get("discount_pct", 0) + coupon_pct(cart.get("coupon")))')})
step("tests: coupons", **{"tests/test_coupons.py": "from pricing.coupons import coupon_pct\n\n\ndef test_coupon():\n    assert coupon_pct(\"welcome10\") == 10\n    assert coupon_pct(None) == 0\n"})
step("CHANGELOG: coupons", **{"CHANGELOG.md": sub("CHANGELOG.md", "- shipping fee\n", "- shipping fee\n- coupon codes\n")})
step("coupons: add SUMMER15", **{"pricing/coupons.py": sub("pricing/coupons.py", '    "SPRING5": 5,\n', '    "SPRING5": 5,\n    "SUMMER15": 15,\n')})
step("money: add parse_pct helper", **{"pricing/money.py": lambda c: c + '\n\ndef parse_pct(text):\n    """Parse \'8.25%\' or \'8.25\' into a Decimal percentage."""\n    return Decimal(str(text).rstrip("%").strip())\n'})
step("cart: accept percent strings", **{"pricing/cart.py": lambda c: c.replace("from .money import percent_of, to_cents\n", "from .money import parse_pct, percent_of, to_cents\n").replace('tax = percent_of(sub - disc, cart.get("tax_pct", 0))', 'tax = percent_of(sub - disc, parse_pct(cart.get("tax_pct", 0)))')})
step("tests: parse_pct", **{"tests/test_basic.py": lambda c: c.replace("from pricing.money import from_cents\n", "from pricing.money import from_cents, parse_pct\n") + "\n\ndef test_parse_pct():\n    assert str(parse_pct(\"8.25%\")) == \"8.25\"\n"})
step("Bump version to 1.1.0", **{"pricing/__init__.py": '__version__ = "1.1.0"\n', "CHANGELOG.md": sub("CHANGELOG.md", "## unreleased\n", "## 1.1.0\n")})
step("Add CONTRIBUTING", **{"CONTRIBUTING.md": "Run `make test` before sending a patch.\n"})
step("WIP: subcommands", **{"pricing/cli.py": sub("pricing/cli.py", "def main(argv=None):\n", "COMMANDS = {\"total\": None, \"subtotal\": None\n\n\ndef main(argv=None):\n")})
step("cli: subtotal command (wip)", **{"pricing/cli.py": sub("pricing/cli.py", "from .cart import total\n", "from .cart import subtotal, total\n")})
step("money: clean up helpers", **{"pricing/money.py": lambda c: c.replace('    value = Decimal(str(amount)) * 100\n    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))\n', '    return int(float(amount) * 100)\n').replace('    sign = "-" if cents < 0 else ""\n    cents = abs(cents)\n    return f"{sign}{cents // 100}.{cents % 100:02d}"\n', '    sign = "-" if cents < 0 else ""\n    whole, frac = divmod(abs(cents), 100)\n    return f"{sign}{whole}.{frac:02d}"\n')})
step("cli: finish subcommands", **{"pricing/cli.py": lambda c: c.replace('COMMANDS = {"total": None, "subtotal": None\n', 'COMMANDS = ("total", "subtotal")\n').replace('argv[0] != "total"', 'argv[0] not in COMMANDS').replace("    print(from_cents(total(cart)))\n", "    if argv[0] == \"subtotal\":\n        print(from_cents(subtotal(cart[\"items\"])))\n    else:\n        print(from_cents(total(cart)))\n")})
step("README: subtotal", **{"README.md": lambda c: c + "\n`subtotal` prints the sum of the items before discounts, tax and shipping.\n"})
step("tests: more from_cents cases", **{"tests/test_basic.py": sub("tests/test_basic.py", '    assert from_cents(-5) == "-0.05"\n', '    assert from_cents(-5) == "-0.05"\n    assert from_cents(100) == "1.00"\n')})
step("examples: bigger cart", **{"examples/cart3.json": json.dumps({"items": [{"sku": "E-%d" % i, "price": "%d.00" % (i + 1), "qty": i % 3 + 1} for i in range(8)], "coupon": "SPRING5", "tax_pct": "7%", "shipping": "5.00"}, indent=2) + "\n"})
step("cart: validate quantities", **{"pricing/cart.py": sub("pricing/cart.py", "def _line(it):\n", "def _line(it):\n    if int(it.get(\"qty\", 1)) < 0:\n        raise ValueError(\"negative quantity\")\n")})
step("cart: move validation into helper", **{"pricing/cart.py": lambda c: c.replace("from .coupons import coupon_pct\n", "from .coupons import coupon_pct\nfrom .validate import check_item\n").replace("    if int(it.get(\"qty\", 1)) < 0:\n        raise ValueError(\"negative quantity\")\n", "    check_item(it)\n")})
step("Add validate module", **{"pricing/validate.py": "def check_item(it):\n    if int(it.get(\"qty\", 1)) < 0:\n        raise ValueError(\"negative quantity\")\n    if \"price\" not in it:\n        raise ValueError(\"missing price\")\n"})
step("tests: validation", **{"tests/test_cart.py": lambda c: c + "\n\ndef test_negative_qty():\n    import pytest\n    with pytest.raises(ValueError):\n        total({\"items\": [{\"price\": \"1.00\", \"qty\": -1}]})\n"})
step("money: add format_money", **{"pricing/money.py": lambda c: c + '\n\ndef format_money(cents, currency="USD"):\n    return f"{from_cents(cents)} {currency}"\n'})
step("cli: --currency flag", **{"pricing/cli.py": lambda c: c.replace("from .money import from_cents\n", "from .money import format_money, from_cents\n")})
step("README: currency", **{"README.md": lambda c: c + "\nAmounts are printed with two decimals.\n"})
step("coupons: case-insensitive codes documented", **{"pricing/coupons.py": sub("pricing/coupons.py", "def coupon_pct(code):\n", "def coupon_pct(code):\n    \"\"\"Percentage for a coupon code (case-insensitive), 0 if unknown.\"\"\"\n")})
step("CHANGELOG: validation", **{"CHANGELOG.md": sub("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## unreleased\n- item validation\n")})
step("Makefile: lint target", **{"Makefile": lambda c: c + "\nlint:\n\tpython3 -m pyflakes pricing\n"})
step("money: docstrings", **{"pricing/money.py": sub("pricing/money.py", "def format_money(cents, currency=\"USD\"):\n", "def format_money(cents, currency=\"USD\"):\n    \"\"\"Format cents with a currency code, e.g. '1.50 USD'.\"\"\"\n")})
step("examples: coupon cart", **{"examples/cart4.json": json.dumps({"items": [{"sku": "F-1", "price": "3.50", "qty": 4}], "coupon": "WELCOME10"}, indent=2) + "\n"})
step("tests: examples load", **{"tests/test_examples.py": "import glob, json\n\n\ndef test_examples_parse():\n    for p in glob.glob(\"examples/*.json\"):\n        json.load(open(p))\n"})
step("Bump version to 1.2.0", **{"pricing/__init__.py": '__version__ = "1.2.0"\n', "CHANGELOG.md": sub("CHANGELOG.md", "## unreleased\n", "## 1.2.0\n")})
step("README: badges", **{"README.md": sub("README.md", "# pricing\n", "# pricing\n\n![tests](https://example.invalid/badge.svg)\n")})
step("validate: check sku format", **{"pricing/validate.py": lambda c: c + "    if \"sku\" in it and not str(it[\"sku\"]).strip():\n        raise ValueError(\"empty sku\")\n"})
step("cart: tidy", **{"pricing/cart.py": sub("pricing/cart.py", "def total(cart):\n", "def total(cart):\n    \"\"\"Total in cents: items - discounts + tax + shipping.\"\"\"\n")})

base = 1704103200  # 2024-01-01T10:00:00Z
for i, (msg, changes) in enumerate(steps):
    for path, val in changes.items():
        cur = files.get(path)
        new = val(cur) if callable(val) else val
        files[path] = new
        full = os.path.join(REPO, path)
        os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
        with open(full, "w") as f:
            f.write(new)
    a = AUTHORS[(i * 7) % 3]
    ts = f"{base + i * 5400 + (i * 977) % 3000} +0000"
    env = dict(ENV, GIT_AUTHOR_NAME=a[0], GIT_AUTHOR_EMAIL=a[1], GIT_AUTHOR_DATE=ts, GIT_COMMITTER_DATE=ts)
    git("add", "-A", env=env)
    git("commit", "-q", "-m", msg, env=env)
    if i == 10:
        git("tag", "v1.0", env=env)
print(len(steps), "commits")
