"""One writer per log folder, and no stale logs left after an interrupted run resumes.

When a run is killed, its log stays behind with status ``started``. Rerunning the command
resumes: ``eval_set`` seeds a new log with the old one's completed samples and runs the rest.
Inspect then keeps the old ``started`` log, because it cannot tell whether another process is
still writing it. horizon can: a run holds an exclusive lock on its log folder for as long as
it runs (the kernel drops it when the process dies, even by SIGKILL), so once a resumed run
completes, every older ``started`` log of the same task is stale and is removed. The folder
then holds every sample exactly once.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.errors import InputError

LOCK_FILE = ".horizon-run.lock"


@contextmanager
def exclusive_log_dir(log_dir: Path) -> Iterator[None]:
    """Hold the folder's lock while the block runs.

    Raises:
        InputError: Another live ``horizon run`` holds it.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / LOCK_FILE).open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise InputError(
                f"{log_dir}: another `horizon run` is writing to this folder. Wait for it to "
                "finish, or give this run another --name."
            ) from err
        yield


def run_is_live(log_dir: Path) -> bool:
    """True while a ``horizon run`` holds ``log_dir``'s lock (a dead run's lock is free)."""
    path = log_dir / LOCK_FILE
    if not path.is_file():
        return False
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def remove_superseded_logs(log_dir: Path) -> list[Path]:
    """Delete ``started`` logs of tasks that have a newer complete log; returns them.

    Only call this while holding ``exclusive_log_dir``: then no other process writes here.
    """
    from inspect_ai.log import list_eval_logs, read_eval_log

    headers = [
        (info, read_eval_log(info, header_only=True)) for info in list_eval_logs(str(log_dir))
    ]
    removed = []
    for info, header in headers:
        if header.status != "started":
            continue
        newer_complete = any(
            other.eval.task_id == header.eval.task_id
            and other.status == "success"
            and other.eval.created > header.eval.created
            for _, other in headers
        )
        if newer_complete:
            path = Path(info.name.removeprefix("file://"))
            path.unlink()
            removed.append(path)
    return removed
