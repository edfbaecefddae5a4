"""Run a parser in a child process with an address-space and a CPU-time limit.

A hostile file (a decompression bomb, a pathological PDF) then costs at most the limits: the
child dies, the parent turns that into a ``Rejected`` reason, and the batch goes on. The child
is forked, so it starts with the parent's modules already imported (no start-up cost); the
memory limit is counted on top of the address space the child inherits.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from myjob.resumes.validation import Rejected

T = TypeVar("T")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * _PAGE


def _child(
    conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int, cpu_s: int
) -> None:
    # A native reader that aborts prints its own crash report; the parent turns the crash into a reason.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        result: tuple[str, Any] = ("ok", fn(*args))
    except Rejected as error:
        result = ("rejected", str(error))
    except MemoryError:
        result = ("rejected", f"needs more than {memory_mb} MB of memory to read")
    except Exception as error:  # any parser failure is a property of the file: reject it
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        result = ("rejected", f"could not be read: {detail[:300]}")
    try:
        conn.send(result)
    finally:
        conn.close()
        os._exit(0)


def run_limited(fn: Callable[..., T], *args: Any, memory_mb: int, cpu_s: int) -> T:
    """``fn(*args)`` in a limited child; ``Rejected`` when it fails, dies or outlives its limits."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, fn, args, memory_mb, cpu_s), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout=cpu_s * 3 + 5):  # wall clock: a child stuck waiting uses no CPU
            raise Rejected(f"took longer than {cpu_s * 3 + 5} s to read")
        status, value = parent.recv()
    except EOFError:
        process.join(timeout=5)
        code = process.exitcode
        if code is not None and -code in (signal.SIGXCPU, signal.SIGKILL):
            raise Rejected(f"needs more than {cpu_s} s of CPU to read") from None
        if code is not None and -code in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            raise Rejected(
                f"the reader crashed on this file (most likely out of its {memory_mb} MB)"
            ) from None
        raise Rejected(f"the reader stopped unexpectedly (exit code {code})") from None
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
    if status == "rejected":
        raise Rejected(value)
    return value
