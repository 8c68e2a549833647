"""Driver for conf-format-library: run as the agent user (never as root).

Reads a list of calls on stdin (tagged JSON, see encode/decode), makes each call on the agent's
/app/confparse.py and prints one JSON line with what it observed. Holds no expected values; the
root grader compares.
"""
import json
import math
import os
import sys


def encode(v, depth=0):
    """Any value as tagged JSON (exact: big ints, -0.0, nan, non-str keys, tuples, ...)."""
    if depth > 200:
        return ["deep"]
    if v is None:
        return ["null"]
    if v is True or v is False:
        return ["bool", v]
    t = type(v)
    if t is int:
        return ["int", str(v)]
    if t is float:
        return ["float", repr(v)]
    if t is str:
        return ["str", v]
    if t is list:
        return ["list", [encode(x, depth + 1) for x in v]]
    if t is dict:
        return ["dict", [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]]
    if t is tuple:
        return ["tuple", [encode(x, depth + 1) for x in v]]
    if t is set:
        return ["set", [encode(x, depth + 1) for x in sorted(v, key=repr)]]
    if t is bytes:
        return ["bytes", v.hex()]
    return ["other", t.__name__]


def decode(e):
    tag = e[0]
    if tag == "null":
        return None
    if tag == "bool":
        return bool(e[1])
    if tag == "int":
        return int(e[1])
    if tag == "float":
        return float(e[1])
    if tag == "str":
        return e[1]
    if tag == "list":
        return [decode(x) for x in e[1]]
    if tag == "dict":
        return {decode(k): decode(x) for k, x in e[1]}
    if tag == "tuple":
        return tuple(decode(x) for x in e[1])
    if tag == "set":
        return {decode(x) for x in e[1]}
    if tag == "bytes":
        return bytes.fromhex(e[1])
    if tag == "object":
        return object()
    raise ValueError(tag)


def main():
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever the library prints goes to stderr
    calls = json.loads(sys.stdin.read())
    sys.path.append("/app")
    report = {}
    try:
        import confparse as cp
        report["api"] = {
            "conferror_is_valueerror": isinstance(cp.ConfError, type) and issubclass(cp.ConfError, ValueError),
            "loads": callable(getattr(cp, "loads", None)),
            "dumps": callable(getattr(cp, "dumps", None)),
        }
        results = []
        for kind, arg in calls:
            try:
                if kind == "loads":
                    got = cp.loads(arg)
                else:
                    got = cp.dumps(decode(arg))
                results.append(["ok", encode(got)])
            except Exception as e:  # noqa
                line = getattr(e, "line", None)
                results.append(["err", {
                    "conf": isinstance(e, cp.ConfError),
                    "value": isinstance(e, ValueError),
                    "line": line if type(line) is int else None,
                    "type": type(e).__name__,
                }])
        report["results"] = results
    except BaseException as e:  # noqa: import failed or the library broke the driver
        report["crash"] = f"{type(e).__name__}: {str(e)[:300]}"
    out.write(json.dumps(report) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
