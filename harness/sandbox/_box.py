"""horizon's Inspect sandbox (type ``horizon``): one container per sample, driven by the API.

Inspect's built-in ``docker`` sandbox runs the ``docker compose`` CLI for every step: a sample's
start took four ``compose ps`` and two ``compose config``, each exec a ``compose exec`` process
(docs/reliability.md, "Cost per sample"). This one holds a typed config (``BoxConfig``, built
from ``task.toml``) and talks to the engine over its socket (``_containers``, ``_exec_stream``),
so a sample pays one create, one start and one remove, and an exec costs milliseconds.

It keeps the ``docker`` sandbox's contract where Inspect's tools rely on it:

- ``exec`` wraps a command that has a timeout in ``/usr/bin/timeout -k 5s`` (the process
  group dies in the container, not only the client), raises ``TimeoutError`` (with
  ``truncated_output``) when it fires, and kills the process when the host-side deadline
  passes or the caller is cancelled; each output stream keeps its last
  ``INSPECT_SANDBOX_MAX_EXEC_OUTPUT_SIZE`` bytes, like ``docker compose exec`` under Inspect;
  a stopped or removed container raises ``SandboxUnavailableError``.
- ``read_file`` raises ``FileNotFoundError``, ``IsADirectoryError``, ``PermissionError`` and
  ``OutputLimitExceededError``; ``write_file`` creates parent folders and raises
  ``PermissionError`` and ``IsADirectoryError``.
- Containers are removed at sample cleanup whatever ended the sample (error, cancellation),
  a start that fails leaves nothing, and ``task_cleanup`` removes any its samples left.

A task's compose sidecars start first, on an internal network shared with ``main``
(``_services``); the sample starts once they are ready and ``main``'s own health check passed.
Removing the sample removes them and its networks (all labelled with the sandbox's name).
"""

import errno
import io
import logging
import os
import posixpath
import re
import secrets
import shlex
import stat
import tarfile
import threading
import time
from typing import Any, ClassVar, Literal, overload

import anyio
from inspect_ai.util import (
    ExecResult,
    OutputLimitExceededError,
    SandboxConnection,
    SandboxEnvironment,
    SandboxEnvironmentConfigType,
    SandboxEnvironmentLimits,
    SandboxUnavailableError,
    sandboxenv,
)
from inspect_ai.util._sandbox.environment import RootAccess
from pydantic import BaseModel

from . import _containers, _exec_stream, _services
from ._box_config import BoxConfig
from ._docker_api import api, in_thread
from ._leftovers import SANDBOX_LABEL, horizon_containers, labels, remove_containers
from ._separate import CONVENTION_ARTIFACTS

logger = logging.getLogger(__name__)

SANDBOX_TYPE = "horizon"
TIMEOUT_GRACE_SEC = 10
"""Host-side slack over an exec's timeout: the in-container ``timeout`` fires first (it takes
up to 5 s more to SIGKILL a process that ignores SIGTERM)."""
WRITE_TIMEOUT_SEC = 600
ROOT_ACCESS_REASON = "horizon sandbox: root keeps CAP_SETUID and CAP_SETGID"
_PINNED_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
"""What the sandbox's own file commands search (never the image's, which the agent may own)."""
_WRITE = 'set -e\n[ "$2" = . ] || mkdir -p -- "$2"\ncat > "$1"'
_DIR_MODE = 1 << 31  # Go's os.ModeDir, as the engine's path stat reports a mode


def _box_config(config: SandboxEnvironmentConfigType | None) -> BoxConfig:
    if isinstance(config, BoxConfig):
        return config
    if isinstance(config, BaseModel):
        return BoxConfig.model_validate(config.model_dump())
    raise ValueError(f"the {SANDBOX_TYPE} sandbox needs a BoxConfig, not {config!r}")


def _container_name(sample_id: object) -> str:
    slug = re.sub(r"[^a-zA-Z0-9_.-]+", "-", str(sample_id))[:40]
    return f"horizon-{slug}-{secrets.token_hex(4)}"


@sandboxenv(name=SANDBOX_TYPE)
class HorizonSandbox(SandboxEnvironment):
    """One sample's container (see the module docstring)."""

    _live: ClassVar[dict[str, str]] = {}
    """Sandboxes this process started and has not removed: name -> task."""

    def __init__(self, container: str, name: str, working_dir: str) -> None:
        super().__init__()
        self.container = container
        """The container's full id."""
        self.name = name
        self._working_dir = working_dir
        self.config: BoxConfig | None = None
        """The config it was started from (the scorer reads ``verifier`` from it)."""

    @classmethod
    def config_deserialize(cls, config: dict[str, Any]) -> BaseModel:
        """Read a sample's config back from a log."""
        return BoxConfig.model_validate(config)

    @classmethod
    def default_concurrency(cls) -> int | None:
        """Two sandboxes per core, like Inspect's ``docker`` sandbox."""
        return 2 * (os.cpu_count() or 1)

    @classmethod
    async def sample_init(
        cls, task_name: str, config: SandboxEnvironmentConfigType | None, metadata: dict[str, str]
    ) -> dict[str, SandboxEnvironment]:
        """Start the sample's containers and networks; return once its services are ready."""
        from inspect_ai.log._samples import sample_active

        box = _box_config(config)
        active = sample_active()
        name = _container_name(active.sample.id if active is not None else task_name)
        return {"default": await cls._start(box, name, task_name)}

    @classmethod
    async def _start(cls, box: BoxConfig, name: str, task_name: str) -> "HorizonSandbox":
        cls._live[name] = task_name
        marks = {**labels(), SANDBOX_LABEL: name}
        try:
            await in_thread(_containers.create_networks, box, name, marks)
            await _services.start_sidecars(box, name, marks)
            started = await in_thread(_containers.start_container, box, name, marks)
            box_env = cls(started.id, name, started.working_dir)
            box_env.config = box
            if box.healthcheck is not None:
                await _services.wait_healthy(box.healthcheck, box_env._probe)
            if box.verifier is not None:
                await box_env._make_artifacts_folder()
        except BaseException:
            await cls._remove(name)  # a start cancelled midway may have made it all the same
            raise
        # What Inspect's root probe (one exec per sample) would find: root keeps CAP_SETUID and
        # CAP_SETGID (ROOT_CAPABILITIES) and no user namespace denies setgroups.
        box_env._root_access = RootAccess("usable", ROOT_ACCESS_REASON)
        return box_env

    async def start_beside(self, config: BoxConfig, role: str) -> "HorizonSandbox":
        """Start another sandbox for this sample from ``config`` (a separate verifier's).

        It is named ``<this sandbox>-<role>``, carries horizon's labels and is hardened as
        any sandbox; :meth:`remove` removes it (and ``task_cleanup`` or ``horizon clean``,
        should that fail). A start that fails leaves nothing.
        """
        task_name = self._live.get(self.name, self.name)
        return await self._start(config, f"{self.name}-{role}", task_name)

    async def remove(self) -> None:
        """Remove this sandbox's containers and networks now (shielded from cancellation)."""
        await self._remove(self.name)

    async def _make_artifacts_folder(self) -> None:
        """Harbor's ``/logs/artifacts``, which anyone may write (a separate verifier's input).

        Harbor mounts it writable for the agent; what is in it after the collect hooks is
        carried into the verifier's container (``_separate``).
        """
        script = f"mkdir -p {CONVENTION_ARTIFACTS} && chmod 1777 {CONVENTION_ARTIFACTS}"
        done = await self.exec(["/bin/sh", "-c", script], user="root", timeout=60)
        if not done.success:
            raise RuntimeError(f"could not make {CONVENTION_ARTIFACTS}: {done.stderr.strip()}")

    async def _probe(self, command: str, timeout: int) -> str | None:
        """Run a health check command as root: None when it passed, else its output."""
        try:
            done = await self.exec(["bash", "-c", command], timeout=timeout)
        except TimeoutError:
            return f"(timed out after {timeout} s)"
        return None if done.success else f"exit code {done.returncode}: {done.stdout}{done.stderr}"

    @classmethod
    async def sample_cleanup(
        cls,
        task_name: str,
        config: SandboxEnvironmentConfigType | None,
        environments: dict[str, SandboxEnvironment],
        interrupted: bool,
    ) -> None:
        """Remove the sample's containers and networks, however the sample ended."""
        for environment in environments.values():
            await cls._remove(environment.as_type(HorizonSandbox).name)

    @classmethod
    async def task_cleanup(
        cls, task_name: str, config: SandboxEnvironmentConfigType | None, cleanup: bool
    ) -> None:
        """Remove whatever the task's samples left (none, unless a cleanup failed)."""
        if cleanup:
            for name in [name for name, task in cls._live.items() if task == task_name]:
                await cls._remove(name)

    @classmethod
    async def cli_cleanup(cls, id: str | None) -> None:
        """``inspect sandbox cleanup horizon [ID]``: remove one container, or all of horizon's."""
        ids = [id] if id else list(horizon_containers())
        await in_thread(remove_containers, ids)

    @classmethod
    async def _remove(cls, name: str) -> None:
        with anyio.CancelScope(shield=True):
            try:
                await in_thread(_containers.remove_sandbox, name)
            except Exception as err:  # noqa: BLE001 - `horizon clean` removes what is left
                logger.warning(f"could not remove sandbox {name}: {err}")
                return
        cls._live.pop(name, None)

    async def exec(
        self,
        cmd: list[str],
        input: str | bytes | None = None,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
        user: str | None = None,
        timeout: int | None = None,
        timeout_retry: bool = True,
        concurrency: bool = True,
    ) -> ExecResult[str]:
        """Run ``cmd`` in the container (see the module docstring for the contract)."""
        argv = cmd if timeout is None else ["/usr/bin/timeout", "-k", "5s", f"{timeout}s", *cmd]
        stdin = input.encode() if isinstance(input, str) else input
        started = time.monotonic()
        deadline = None if timeout is None else started + timeout + TIMEOUT_GRACE_SEC
        try:
            exec_id = await in_thread(
                lambda: _containers.create_exec(
                    self.container,
                    argv,
                    stdin=stdin is not None,
                    workdir=posixpath.join(self._working_dir, cwd or ""),
                    env=[f"{key}={value}" for key, value in (env or {}).items()],
                    user=user or "",
                )
            )
            streams = await self._run(exec_id, stdin, deadline)
        except (_containers.ContainerGone, _exec_stream.ExecStartError) as err:
            raise SandboxUnavailableError(f"the sandbox is not running: {err}") from err
        stdout = streams.stdout.decode(errors="replace")
        stderr = streams.stderr.decode(errors="replace")
        code = None if streams.timed_out else await in_thread(_containers.exit_code, exec_id)
        if code == 126 and stdout.startswith("OCI runtime exec failed"):
            stdout, stderr = "", stdout + stderr  # where `docker exec` puts it: not the command's
        elapsed = time.monotonic() - started
        if timeout is not None and (
            streams.timed_out or code == 124 or (code in (137, 143) and elapsed >= timeout)
        ):
            error = TimeoutError(f"Command timed out after {timeout} seconds")
            if stdout or stderr:
                setattr(error, "truncated_output", stdout + stderr)  # noqa: B010 - as Inspect
            raise error
        if code is None or (code > 128 and not (stdout.strip() or stderr.strip())):
            if not await in_thread(_containers.is_running, self.container):
                raise SandboxUnavailableError(
                    f"the sandbox is not running: its container exited during `{shlex.join(cmd)}`"
                )
        code = -1 if code is None else code
        return ExecResult(success=code == 0, returncode=code, stdout=stdout, stderr=stderr)

    async def _run(
        self, exec_id: str, stdin: bytes | None, deadline: float | None
    ) -> _exec_stream.Streams:
        """Start exec ``exec_id`` and collect its output; kill it if it outlives its caller."""
        stop = threading.Event()
        limit = SandboxEnvironmentLimits.MAX_EXEC_OUTPUT_SIZE  # a context variable: read it here

        def run() -> _exec_stream.Streams:
            sock, rest = _exec_stream.start(exec_id)
            return _exec_stream.pump(
                sock,
                rest,
                stdin,
                deadline=deadline,
                limit=limit,
                stop=stop,
            )

        try:
            streams = await in_thread(run, abandon_on_cancel=True)
        except BaseException:
            stop.set()
            with anyio.CancelScope(shield=True):
                await in_thread(_containers.kill_exec, self.container, exec_id)
            raise
        if streams.timed_out:
            await in_thread(_containers.kill_exec, self.container, exec_id)
        return streams

    async def write_file(self, file: str, contents: str | bytes) -> None:
        """Write ``file`` (parents created) as the container's default user, in one exec."""
        path = self._path(file)
        data = contents.encode() if isinstance(contents, str) else contents
        script = f"PATH={_PINNED_PATH}\n{_WRITE}"
        argv = ["/bin/sh", "-c", script, "write_file", path, posixpath.dirname(path) or "."]
        done = await self.exec(argv, input=data, timeout=WRITE_TIMEOUT_SEC)
        if done.success:
            return
        message = done.stderr.casefold()
        if "permission denied" in message:
            raise PermissionError(errno.EACCES, f"Permission denied: {done.stderr}", file)
        if "is a directory" in message:
            raise IsADirectoryError(errno.EISDIR, "Is a directory.", file)
        raise RuntimeError(f"failed to write {file}: {done.stderr}")

    @overload
    async def read_file(self, file: str, text: Literal[True] = True) -> str: ...

    @overload
    async def read_file(self, file: str, text: Literal[False]) -> bytes: ...

    async def read_file(self, file: str, text: bool = True) -> str | bytes:
        """Read ``file`` through the engine's archive API (no process in the container)."""
        if posixpath.basename(file.rstrip("/")) in (".", ".."):
            raise IsADirectoryError(errno.EISDIR, "Is a directory.", file)
        # Context variables: read here, not in the worker thread.
        limit = SandboxEnvironmentLimits.MAX_READ_FILE_SIZE
        over = OutputLimitExceededError(SandboxEnvironmentLimits.MAX_READ_FILE_SIZE_STR, None)
        contents = await in_thread(self._read, self._path(file), file, limit, over)
        return contents.decode("utf-8") if text else contents

    def _read(self, path: str, file: str, limit: int, over: OutputLimitExceededError) -> bytes:
        import docker.errors

        try:
            chunks, info = api().get_archive(self.container, path)
        except docker.errors.NotFound as err:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory.", file) from err
        except docker.errors.APIError as err:
            if err.status_code == 409:
                raise SandboxUnavailableError(f"the sandbox is not running: {err}") from err
            raise
        if int(info.get("mode", 0)) & _DIR_MODE == _DIR_MODE:
            raise IsADirectoryError(errno.EISDIR, "Is a directory.", file)
        if int(info.get("size", 0)) > limit:
            raise over
        archive = b"".join(chunks)
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
            member = tar.next()
            if member is None or not member.isreg():
                raise OSError(errno.EINVAL, "Not a regular file.", file)
            if not member.mode & stat.S_IRUSR:
                raise PermissionError(errno.EACCES, "Permission denied.", file)
            if member.size > limit:
                raise over
            extracted = tar.extractfile(member)
            return extracted.read() if extracted is not None else b""

    async def connection(self, *, user: str | None = None) -> SandboxConnection:
        """How to get a shell in the container."""
        command = ["docker", "exec", "-it", *(["--user", user] if user else []), self.name]
        return SandboxConnection(
            type=SANDBOX_TYPE,
            command=shlex.join([*command, "bash", "-l"]),
            vscode_command=None
            if user
            else ["remote-containers.attachToRunningContainer", self.name],
            container=self.name,
        )

    def default_polling_interval(self) -> float:
        """Polling for Inspect's sandbox services: an exec is cheap here."""
        return 0.2

    def _path(self, file: str) -> str:
        return posixpath.join(self._working_dir, file)
