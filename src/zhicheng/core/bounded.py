"""Run a parser on untrusted bytes in a child process bounded in time and memory. Pure.

A crafted PDF can make a parser loop or allocate without end; a thread cannot be stopped
and an alarm signal only works in the main thread, so the parser runs in a forked child:
the child has an alarm and an address-space limit of its own, the parent waits at most the
given time and then kills it. The function and its result must be plain (picklable) values.
Where there is no fork (not on Linux), the function runs in this process with no bound.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_RESULT_BYTES = 1024 * 1024


class BoundExceeded(Exception):
    """The work took too long or too much memory, or the child died."""


def run_bounded(func: Callable[[bytes], T], data: bytes, *, seconds: float = 5.0,
                memory_bytes: int = 512 * 1024 * 1024) -> T:
    if not hasattr(os, "fork"):
        return func(data)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(func, data, write_end, seconds, memory_bytes)
    os.close(write_end)
    try:
        payload, exit_status = _collect(read_end, pid, seconds + 1.0)
    finally:
        os.close(read_end)
    if os.WIFSIGNALED(exit_status) and os.WTERMSIG(exit_status) in (signal.SIGALRM,
                                                                    signal.SIGXCPU):
        raise BoundExceeded("解析超时")
    try:
        status, value = pickle.loads(payload)  # noqa: S301 - our own child wrote it
    except Exception:
        raise BoundExceeded("解析进程异常退出") from None
    if status == "error":
        raise BoundExceeded(str(value))
    return value  # type: ignore[no-any-return]


def _child(func: Callable[[bytes], Any], data: bytes, out: int, seconds: float,
           memory_bytes: int) -> None:
    code = 0
    try:
        logging.disable(logging.CRITICAL)  # the parser's warnings are no business of the log
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the alarm kills the child
        signal.alarm(max(1, math.ceil(seconds)))
        _limit_memory(memory_bytes)
        result: tuple[str, Any] = ("ok", func(data))
    except MemoryError:
        result = ("error", "内存超限")
    except BaseException as exc:  # the result says what went wrong, the parent decides
        result = ("error", f"{type(exc).__name__}: {exc}"[:500])
    try:
        payload = pickle.dumps(result)
        if len(payload) > MAX_RESULT_BYTES:
            payload = pickle.dumps(("error", "结果过大"))
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_memory(extra: int) -> None:
    """Allow `extra` bytes of address space beyond what the forked child already maps."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass


def _collect(fd: int, pid: int, seconds: float) -> tuple[bytes, int]:
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(0.0, left))[0] if left > 0 else []
        if not ready:
            _kill(pid)
            raise BoundExceeded("解析超时")
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_RESULT_BYTES + 1024:
            _kill(pid)
            raise BoundExceeded("结果过大")
        chunks.append(chunk)
    _pid, status = os.waitpid(pid, 0)
    return b"".join(chunks), status


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
