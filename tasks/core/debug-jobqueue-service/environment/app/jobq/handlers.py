"""What a worker does with a job: the ``kind`` field of a job's payload picks a handler.

Every handler takes ``(payload, context)`` and returns a JSON-serialisable result, or raises
``JobFailed`` (the job is retried until its ``max_attempts`` are used up).
"""

import hashlib
import os
import time


class JobFailed(Exception):
    """The job failed; the worker reports it with ``fail`` and the broker may retry it."""


HANDLERS = {}


def handler(kind):
    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


@handler("sum")
def do_sum(payload, context):
    values = payload.get("values")
    if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
        raise JobFailed("sum needs a list of integers in 'values'")
    return sum(values)


@handler("sha256")
def do_sha256(payload, context):
    text = payload.get("text")
    if not isinstance(text, str):
        raise JobFailed("sha256 needs a string 'text'")
    rounds = int(payload.get("rounds", 1))
    data = text.encode()
    for _ in range(max(1, rounds)):
        data = hashlib.sha256(data).hexdigest().encode()
    return data.decode()


@handler("sleep")
def do_sleep(payload, context):
    time.sleep(max(0, int(payload.get("ms", 0))) / 1000)
    return payload.get("value")


@handler("effect")
def do_effect(payload, context):
    """A job with a side effect: it appends a line to the worker's effects file, then works.

    Used to find out how often jobs really run (each line is one execution).
    """
    path = context.get("effects_file")
    if path:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{context['job_id']} {context['attempt']} {context['worker']}\n".encode())
        finally:
            os.close(fd)
    time.sleep(max(0, int(payload.get("ms", 0))) / 1000)
    return payload.get("value")


@handler("flaky")
def do_flaky(payload, context):
    """Fails its first ``fail_times`` attempts, then returns ``value``."""
    if context["attempt"] <= int(payload.get("fail_times", 0)):
        raise JobFailed(f"flaky failure on attempt {context['attempt']}")
    return payload.get("value")


def run(payload, context):
    if not isinstance(payload, dict):
        raise JobFailed("payload must be an object")
    fn = HANDLERS.get(payload.get("kind"))
    if fn is None:
        raise JobFailed(f"no handler for kind {payload.get('kind')!r}")
    return fn(payload, context)
