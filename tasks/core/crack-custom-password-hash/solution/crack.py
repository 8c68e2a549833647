import sys
sys.path.insert(0, "/app/auth")
from pwhash import hz1_digest

stored = dict(line.strip().split(":", 1) for line in open("/app/auth/users.db") if line.strip())
_, salt, digest = stored["alice"].split("$")
for w in open("/app/wordlist.txt").read().split():
    for v in (w, w[:1].upper() + w[1:]):
        for d in range(100):
            c = f"{v}{d:02d}"
            if hz1_digest(c, salt) == digest:
                open("/app/password.txt", "w").write(c + "\n")
                print(c)
                sys.exit(0)
sys.exit("not found")
