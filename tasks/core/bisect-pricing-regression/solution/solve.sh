#!/usr/bin/env bash
set -e
cd /app/pricing-repo
cat > /tmp/check.sh <<'SH'
#!/usr/bin/env bash
# exit 0 = good, 1 = bad, 125 = cannot test (cart module does not import)
out=$(python3 -c 'import json; from pricing.cart import total; print(total(json.load(open("examples/cart1.json"))))' 2>/dev/null) || exit 125
[ "$out" = "4515" ]
SH
chmod +x /tmp/check.sh
git bisect start main v1.0 >/dev/null
git bisect run /tmp/check.sh > /tmp/bisect.log 2>&1 || true
grep -oE '^[0-9a-f]{40} is the first bad commit' /tmp/bisect.log | cut -d' ' -f1 > /app/answer.txt
git bisect reset >/dev/null 2>&1 || true
cat /app/answer.txt
test -s /app/answer.txt
