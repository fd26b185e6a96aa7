"""Start zhicheng's production stack on this machine: nginx (TLS, static files) in front of
gunicorn, PostgreSQL, Redis for the cache, sessions and the task queue (RQ worker).

    .venv/bin/python deploy/serve_prod.py [--demo] [--workers N]

Everything it writes lives under var/prod/ (keys, certificate, nginx configuration, static
files, attachments, logs). It stops every process it started on Ctrl-C or SIGTERM, and stops
them all when one of them dies. A real server runs the same processes under systemd:
see docs/deploy.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import ipaddress
import os
import pwd
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = Path(os.environ.get("ZHICHENG_PROD_DIR", ROOT / "var" / "prod")).resolve()
RUN = VAR / "run"
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zhicheng_prod",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "ZHICHENG_QUEUE_URL": "redis://127.0.0.1:6379/2",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "HTTPS_PORT": "8443",
    "HTTP_PORT": "8080",
    # nginx reaches gunicorn over a Unix socket: a sync worker closes its connection after
    # every request, and a socket file spares each request TCP's set-up and tear-down
    "GUNICORN_BIND": f"unix:{RUN / 'gunicorn.sock'}",
}


def say(text: str) -> None:
    print(f"[serve-prod] {text}", flush=True)


def secrets_file() -> dict[str, str]:
    """The secret key and the field key, made once and kept: a new field key would make
    every stored ID number unreadable."""
    path = VAR / "secrets.env"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(f"SECRET_KEY={secrets.token_urlsafe(48)}\n"
                        f"ZHICHENG_FIELD_KEY={base64.b64encode(secrets.token_bytes(32)).decode()}\n")
        path.chmod(0o600)
    return dict(line.split("=", 1) for line in path.read_text().split())


def environment(workers: int | None) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in DEFAULTS.items():
        env.setdefault(key, value)
    env.update(secrets_file())
    env.update({
        "DJANGO_SETTINGS_MODULE": "zhicheng.settings.production",
        "ZHICHENG_VAR_DIR": str(VAR),
        "MEDIA_ROOT": env.get("MEDIA_ROOT", str(VAR / "media")),
        "STATIC_ROOT": str(VAR / "static"),
        # TLS ends at nginx, which tells the application so; the client address is the
        # one nginx saw
        "ZHICHENG_BEHIND_PROXY": "1",
        "ZHICHENG_TRUSTED_PROXIES": "1",
        "GUNICORN_PIDFILE": str(RUN / "gunicorn.pid"),
    })
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    return env


def ensure_nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("未找到 nginx，正在用 apt-get 安装 nginx-light …")
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=True,
                       stdout=subprocess.DEVNULL)
        return "/usr/sbin/nginx"
    sys.exit("未找到 nginx：请先安装（Debian/Ubuntu：apt-get install nginx-light）")


def _maintenance(url: str) -> tuple[str, Any] | None:
    """(database name, autocommit connection to the server's `postgres` database) for a
    PostgreSQL DATABASE_URL; None for another engine."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        return None
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None,
                "user": cfg["USER"] or None, "password": cfg["PASSWORD"] or None,
                "dbname": "postgres"}
    return cfg["NAME"], psycopg.connect(**{k: v for k, v in conninfo.items() if v},
                                        autocommit=True)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of DATABASE_URL when it does not exist yet."""
    found = _maintenance(url)
    if found is None:
        return
    name, conn = found
    with conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            say(f"创建数据库 {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database of DATABASE_URL (the bench's and the tests' own)."""
    found = _maintenance(url)
    if found is not None:
        name, conn = found
        with conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_certificate() -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (a real server uses its own)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    tls = VAR / "tls"
    cert_path, key_path = tls / "cert.pem", tls / "key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    tls.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zhicheng local")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=825))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def nginx_config(env: dict[str, str], cert: Path, key: Path) -> Path:
    template = (ROOT / "deploy" / "nginx.conf.in").read_text()
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (RUN / sub).mkdir(parents=True, exist_ok=True)
    values = {
        "USER": pwd.getpwuid(os.geteuid()).pw_name,
        "RUN": str(RUN), "NGINX_MIME": "/etc/nginx/mime.types",
        "ACCESS_LOG": env.get("NGINX_ACCESS_LOG", f"{VAR / 'log' / 'nginx-access.log'} json"),
        "UPSTREAM": env["GUNICORN_BIND"], "HTTP_PORT": env["HTTP_PORT"],
        "HTTPS_PORT": env["HTTPS_PORT"], "CERT": str(cert), "KEY": str(key),
        "STATIC_ROOT": env["STATIC_ROOT"],
    }
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    path = RUN / "nginx.conf"
    path.write_text(template)
    return path


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "zhicheng"), *args], env=env, check=True, cwd=ROOT)


def wait_ready(env: dict[str, str], cert: Path, processes: list[subprocess.Popen]) -> None:
    context = ssl.create_default_context(cafile=str(cert))
    url = f"https://127.0.0.1:{env['HTTPS_PORT']}/readyz"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a process of the stack exited while starting")
        try:
            with urllib.request.urlopen(url, context=context, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer 200 within 60 s")


READY = "[serve-prod] 就绪"  # the line main() prints once /readyz answers


def start(env: dict[str, str], log: Path, args: tuple[str, ...] = (),
          timeout: float = 300) -> subprocess.Popen:
    """This script in the background, in a process group of its own, writing to `log`;
    returned once the stack answers (RuntimeError with the log's end if it does not)."""
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, __file__, *args], env=env, cwd=ROOT,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + timeout
    while READY not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError("the stack did not start:\n"
                               + log.read_text(errors="replace")[-4000:])
        time.sleep(0.5)
    return process


def stop(process: subprocess.Popen) -> None:
    """Stop a stack started by start(), and everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="载入演示账号与演示申报")
    parser.add_argument("--workers", type=int, help="gunicorn 工作进程数（默认 核数+1）")
    options = parser.parse_args(argv)

    nginx = ensure_nginx()
    env = environment(options.workers)
    for sub in ("run", "log", "media", "static"):
        (VAR / sub).mkdir(parents=True, exist_ok=True)
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "load_plans")
    if options.demo:
        manage(env, "load_demo")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    cert, key = ensure_certificate()
    conf = nginx_config(env, cert, key)
    subprocess.run([nginx, "-t", "-q", "-c", str(conf)], check=True)

    log = open(VAR / "log" / "app.log", "ab")
    commands = {
        "gunicorn": [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        "worker": [str(BIN / "zhicheng"), "rqworker", "default", "--job-class",
                   "django_tasks_rq.Job", "--worker-class", "zhicheng.core.rqworker.Worker",
                   "--with-scheduler"],
        "nginx": [nginx, "-c", str(conf), "-g", "daemon off;"],
    }
    processes: list[subprocess.Popen] = []
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for name, command in commands.items():
            processes.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=log,
                                              stderr=log if name != "nginx" else None))
        wait_ready(env, cert, processes)
        say(f"就绪：https://127.0.0.1:{env['HTTPS_PORT']}/ （自签名证书 {cert}）；"
            f"日志 {VAR / 'log'}；Ctrl-C 停止")
        while not stopping:
            if any(p.poll() is not None for p in processes):
                say("有进程退出，停止整个服务")
                return 1
            time.sleep(0.5)
        return 0
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
