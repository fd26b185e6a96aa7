"""Running real processes against the test database, and killing them.

The killed processes (server, task worker) and the restore into a second database run as
`zhicheng ...` subprocesses with tests.faults.settings. They need a database another process
can open:

* PostgreSQL: the suite's own test database; the tests are transactional, so what the test
  writes is committed and seen by the subprocess, and what the subprocess leaves is seen by
  the test (and flushed after it).
* SQLite: the suite's test database lives in memory, so `push()` copies it into a file for
  the subprocess (SQLite's backup API, a page-for-page copy) and `pull()` copies the file
  back after the process has died. Opening the file after a kill is what a restarted server
  would do: SQLite rolls back the dead process's unfinished transaction (its hot journal).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


@dataclass
class Target:
    """The database the subprocesses use, and the test's way to see what they did."""

    url: str
    sqlite_file: Path | None
    tmp: Path

    def push(self) -> None:
        if self.sqlite_file is None:
            return
        connection.ensure_connection()
        self.sqlite_file.unlink(missing_ok=True)
        with sqlite3.connect(self.sqlite_file) as dst:
            connection.connection.backup(dst)
        dst.close()

    def pull(self) -> None:
        if self.sqlite_file is None:
            return
        connection.ensure_connection()
        src = sqlite3.connect(self.sqlite_file)
        try:
            src.backup(connection.connection)
        finally:
            src.close()

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAULT_")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DATABASE_URL": self.url,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "ZHICHENG_VAR_DIR": str(self.tmp / "var"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "OVERLAP_INDEX": str(self.tmp / "overlap-index"),
            "FAULT_MARKER": str(self.tmp / "marker"),
            "FAULT_SENDS": str(self.tmp / "sends.jsonl"),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(extra)
        return env

    @property
    def marker(self) -> Path:
        return self.tmp / "marker"

    @property
    def sends(self) -> Path:
        return self.tmp / "sends.jsonl"


def database_url() -> str | None:
    """The URL of the suite's own (PostgreSQL) test database; None for SQLite."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return None
    auth = quote(s.get("USER") or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return (f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/"
            f"{quote(s['NAME'], safe='')}")


@pytest.fixture
def target(transactional_db: None, tmp_path: Path) -> Target:
    url = database_url()
    if url is not None:
        return Target(url, None, tmp_path)
    file = tmp_path / "fault.sqlite3"
    return Target(f"sqlite:///{file}", file, tmp_path)


def zhicheng(*args: str) -> list[str]:
    return [sys.executable, "-m", "zhicheng.cli", *args]


def run(target: Target, *args: str, timeout: float = 60, **env: str
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(zhicheng(*args), env=target.env(**env), cwd=target.tmp,
                          capture_output=True, text=True, timeout=timeout, check=False)


@contextmanager
def started(target: Target, *args: str, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """A `zhicheng` process in the background, killed (SIGKILL) at the end if still alive."""
    log = (target.tmp / f"{args[0]}.log").open("wb")
    proc = subprocess.Popen(zhicheng(*args), env=target.env(**env), cwd=target.tmp,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        log.close()


def output(target: Target, name: str) -> str:
    path = target.tmp / f"{name}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def wait_for_marker(target: Target, proc: subprocess.Popen[bytes], what: str,
                    timeout: float = START_TIMEOUT) -> str:
    """Wait until the process has reached its pause point; return the marker's text."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if target.marker.exists() and target.marker.read_text().strip():
            return target.marker.read_text()
        if proc.poll() is not None:
            pytest.fail(f"{what} ended (code {proc.returncode}) before its pause point:\n"
                        + output(target, str(proc.args[3])))
        time.sleep(0.02)
    pytest.fail(f"{what} did not reach its pause point in {timeout:.0f} s:\n"
                + output(target, str(proc.args[3])))


def kill(proc: subprocess.Popen[Any]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
