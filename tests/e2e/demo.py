"""The demo server as `make demo` runs it (runserver and the db_worker, plans and demo
accounts loaded), started for a browser test with its own database and files, under a
clock the test can move forward: a unit's 公示 and the results posting last five working
days, and a round cannot be walked through without them passing.

The clock is libfaketime's: the server and its worker read the offset from a file on every
call, so moving it needs no restart. Only the server's processes are shifted; the browser
and the test keep the real time."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import ROOT, free_port, own_database_url, serve_prod

BIN = Path(sys.executable).parent
APT_PACKAGES = ["chromium", "chromium-l10n", "fonts-noto-cjk", "faketime"]
# what each package leaves that the tests need (the l10n one: the file input's own words)
NEEDED = [Path("/usr/bin/chromium"), Path("/usr/lib/chromium/locales/zh-CN.pak"),
          Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")]


def _faketime_library() -> str | None:
    # Not the MT build: its clock calls take a mutex, and a child forked by a threaded
    # server while another thread held it (the upload check parses a PDF in a forked
    # child) waits for ever (libfaketime issue 331). This one only reads the offset file.
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    return found[0] if found else None


def ensure_system_packages() -> str:
    """Debian's Chromium with its Chinese interface, CJK fonts for the screenshots and
    libfaketime, installed with apt-get when one is missing (Playwright's own browser
    download does not work here). Returns the Chromium executable."""
    if all(p.exists() for p in NEEDED) and _faketime_library():
        return str(NEEDED[0])
    if os.geteuid() != 0:
        raise RuntimeError("浏览器测试需要 Debian 的 chromium、fonts-noto-cjk、faketime："
                           f"请以 root 运行或先执行 apt-get install {' '.join(APT_PACKAGES)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=True, capture_output=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    missing = [str(p) for p in NEEDED if not p.exists()]
    if missing or not _faketime_library():
        raise RuntimeError(f"apt-get 安装后仍缺少：{', '.join(missing) or 'libfaketime'}")
    return str(NEEDED[0])


class DemoServer:
    def __init__(self, tmp: Path, name: str) -> None:
        self.var = tmp / "var"
        self.var.mkdir(parents=True)
        self.clock_file = self.var / "clock"
        self.clock_file.write_text("+0d\n")
        self.database_url = own_database_url(tmp, name)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhicheng.settings.demo",
                    "ZHICHENG_VAR_DIR": str(self.var), "DATABASE_URL": self.database_url,
                    "MEDIA_ROOT": str(self.var / "media"), "PYTHONUNBUFFERED": "1"}
        for key in ("STATIC_ROOT", "REDIS_URL", "ZHICHENG_QUEUE_URL"):
            self.env.pop(key, None)
        self.processes: list[subprocess.Popen] = []
        self.log = self.var / "server.log"

    def start(self) -> None:
        prod = serve_prod()  # make demo's steps, through the same helpers as serve-prod's
        prod.ensure_database(self.database_url)
        for args in (("migrate", "--noinput", "-v", "0"), ("load_plans",), ("load_demo",)):
            prod.manage(self.env, *args)
        # the monotonic clock moves too (DONT_FAKE_MONOTONIC=1 left the worker asleep for
        # the days the clock moved: libfaketime still shifts sleep deadlines)
        faked = {**self.env, "LD_PRELOAD": _faketime_library() or "",
                 "FAKETIME_TIMESTAMP_FILE": str(self.clock_file), "FAKETIME_NO_CACHE": "1"}
        log = self.log.open("ab")
        for args in (["runserver", f"127.0.0.1:{self.port}", "--noreload"],
                     ["db_worker", "--interval", "1"]):
            self.processes.append(subprocess.Popen(
                [str(BIN / "zhicheng"), *args], env=faked, cwd=ROOT, stdout=log,
                stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError):
                if any(p.poll() is not None for p in self.processes):
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"演示服务器未能启动：{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
        serve_prod().drop_database(self.database_url)

    def days_pass(self, days: int) -> None:
        """Move the server's clock `days` further ahead of the real one."""
        current = int(self.clock_file.read_text().strip().rstrip("d") or 0)
        # replaced whole, never truncated: the processes read it on every clock call, and
        # libfaketime turns a sleep's deadline into real time with the offset it reads then,
        # so a worker that read the file empty while it was being written slept for the
        # days the clock had moved (the job left 排队中 once in CI)
        moved = self.clock_file.with_suffix(".new")
        moved.write_text(f"+{current + days}d\n")
        os.replace(moved, self.clock_file)

    def sms_code(self, mobile: str) -> str:
        """The last code the console SMS backend wrote for `mobile` (the demo's outbox)."""
        outbox = (self.var / "sms-outbox.log").read_text(encoding="utf-8")
        codes = re.findall(rf"^\S+\t{mobile}\t.*?(\d{{6}})", outbox, re.M)
        assert codes, f"没有发往 {mobile} 的验证码"
        return codes[-1]
