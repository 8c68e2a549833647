"""The Docker engine's API, straight over its socket, off the event loop.

A sandbox talks to the engine through the ``docker`` SDK rather than the CLI: an API call over
the unix socket costs milliseconds, a ``docker compose`` process a tenth of a second and more
CPU than the work of a short sample. The SDK blocks, so every call runs in a worker thread.
"""

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar

T = TypeVar("T")

DEFAULT_HOST = "unix:///var/run/docker.sock"
API_TIMEOUT_SEC = 120
"""Longest one API call may take (the exec stream itself has its own deadline)."""
MAX_THREADS = 512
"""Calls in flight at once. Each running exec holds a thread for as long as it runs, so this
bounds the concurrent execs of the whole process, not a sample's."""

_LIMITER: RunVar[anyio.CapacityLimiter] = RunVar("horizon_docker_threads")


def docker_host() -> str:
    """Where the engine listens (``$DOCKER_HOST``, as the CLI reads it)."""
    return os.environ.get("DOCKER_HOST") or DEFAULT_HOST


@functools.cache
def api() -> Any:
    """The process's low-level client (``docker.APIClient``; thread-safe, pooled connections)."""
    import docker

    return docker.APIClient(
        base_url=docker_host(), version="auto", timeout=API_TIMEOUT_SEC, max_pool_size=64
    )


def _limiter() -> anyio.CapacityLimiter:
    try:
        return _LIMITER.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(MAX_THREADS)
        _LIMITER.set(limiter)
        return limiter


async def in_thread(call: Callable[..., T], *args: Any, abandon_on_cancel: bool = False) -> T:
    """Run the blocking ``call(*args)`` in a worker thread.

    ``abandon_on_cancel``: a cancelled caller returns at once and the thread finishes on its
    own (the caller must then end what the thread waits on); else cancellation waits for it.
    """
    return await anyio.to_thread.run_sync(
        functools.partial(call, *args), abandon_on_cancel=abandon_on_cancel, limiter=_limiter()
    )
