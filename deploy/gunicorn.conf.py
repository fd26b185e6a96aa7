"""gunicorn for zhicheng: synchronous workers behind nginx (which buffers slow clients and
uploads, so a worker is never held by a phone on a slow network).

Every value can be set from the environment; `deploy/serve_prod.py` sets them for the
stack on this machine."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# cores + 1: one spare computes while another waits on PostgreSQL. gunicorn's usual
# 2 × cores + 1 was slower on the deadline bench (2 cores: 240 req/s with 5 workers, 260
# with 3): this load is CPU-bound, and more workers only switch more often between them.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# a worker is recycled after this many requests (a slow leak cannot grow for ever); the
# jitter keeps them from restarting all at once
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# the application is imported once before the workers fork: faster start, shared memory
preload_app = True
wsgi_app = "zhicheng.wsgi:application"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# nginx writes the access log (with the request id); the application writes one JSON line
# per request of its own; gunicorn's own messages go to stderr
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "zhicheng"
# the headers nginx sets; gunicorn trusts them only from the proxy's address
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    # in the master, after preload_app imported the application and before any worker forks
    from zhicheng.core.warmup import warm

    server.log.info("warmed up before forking: %s", warm())


def post_fork(server, worker):
    # connections opened before the fork (by preload_app) must not be shared by workers
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()
