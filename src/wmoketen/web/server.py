"""`wmoketen serve`: gunicorn in this process, with the settings an installation needs (docs/beheer.md).

The application is loaded once in the master and forked into the workers (preload): a broken configuration stops
the start instead of every worker. gunicorn's own log lines go through the root logger, so they are JSON and
masked like every other line; there is no separate access log (web.middleware logs each request once).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger


class Logboek(Logger):
    """gunicorn's error and access loggers hand their records to the root logger (our handlers and format)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            logger.handlers.clear()
            logger.propagate = True


def _kind_weg(server: Any, worker: Any) -> None:
    """A gunicorn worker ended: its live metric values no longer count (prometheus multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def standaard_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", "0")) or (2 * (os.cpu_count() or 1) + 1)


def opties(*, adres: str, workers: int, threads: int, timeout: int) -> dict[str, Any]:
    return {
        "bind": adres,
        "workers": workers,
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 30,
        "preload_app": True,
        # proxy headers only from the proxies Django believes (core.middleware.VertrouwdeProxyMiddleware)
        "forwarded_allow_ips": ",".join(settings.WMOKETEN_VERTROUWDE_PROXIES),
        "logger_class": Logboek,
        "accesslog": None,
        "errorlog": "-",
        "child_exit": _kind_weg,
        "proc_name": "wmoketen-web",
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        "limit_request_line": 8190,
        "control_socket_disable": True,  # no runtime control socket: one less writable path and way in
    }


class Webserver(BaseApplication):
    def __init__(self, instellingen: dict[str, Any]) -> None:
        self.instellingen = instellingen
        super().__init__()

    def load_config(self) -> None:
        for sleutel, waarde in self.instellingen.items():
            if waarde is not None:
                self.cfg.set(sleutel, waarde)

    def load(self) -> Any:
        from wmoketen.wsgi import application

        return application
