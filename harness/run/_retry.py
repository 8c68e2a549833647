"""Retry rounds that finish the job: back off with jitter, and wait for Docker to answer.

A run is a series of rounds of Inspect's ``eval_set`` over one log folder. Each round runs
every sample that has no verdict yet (the first round: all of them; later rounds: those that
ended in an infra error, which ``eval_set`` retries while keeping completed samples). Between
rounds the run sleeps an exponentially growing, jittered delay, then waits until the Docker
daemon answers, so a daemon restart does not burn every retry in seconds.
"""

import random
import subprocess
import time
from collections.abc import Callable

DEFAULT_RETRY_WAIT_SEC = 30.0
"""First delay between rounds; doubled each round (with jitter), capped at an hour."""
MAX_RETRY_WAIT_SEC = 3600.0
DAEMON_WAIT_SEC = 600.0
"""How long a round waits for the Docker daemon to answer before giving up on the run."""


def backoff_delay(round_number: int, base_sec: float, rng: random.Random) -> float:
    """Delay before retry round ``round_number`` (1 = the first retry), in seconds.

    Exponential growth, then "equal jitter" (half fixed, half random), so runs that failed
    together do not retry together.
    """
    ceiling = min(MAX_RETRY_WAIT_SEC, base_sec * 2.0 ** (round_number - 1))
    return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


def docker_answers(timeout_sec: float = 10.0) -> bool:
    """True when the Docker daemon answers ``docker version`` within ``timeout_sec``."""
    try:
        done = subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"],
            capture_output=True,
            timeout=timeout_sec,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def wait_for_docker(
    limit_sec: float = DAEMON_WAIT_SEC,
    *,
    answers: Callable[[], bool] = docker_answers,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Poll until the daemon answers (every 1 s, growing to 15 s); False after ``limit_sec``."""
    deadline = clock() + limit_sec
    pause = 1.0
    while not answers():
        if clock() >= deadline:
            return False
        sleep(pause)
        pause = min(15.0, pause * 1.5)
    return True
