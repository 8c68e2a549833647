"""Run-length encoding: each run of a character c, n <= 9 long, becomes f"{n}{c}"."""

MAX_RUN = 9


def encode(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i] and j - i < MAX_RUN:
            j += 1
        out.append(f"{j - i}{text[i]}")
        i = j
    return "".join(out)


def decode(code: str) -> str:
    # Pairs of (one-digit count, one character); the character may itself be a digit.
    return "".join(code[i + 1] * int(code[i]) for i in range(0, len(code), 2))
