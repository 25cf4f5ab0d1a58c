"""The `wmoketen` command: the management commands users need, under readable names.

`wmoketen region load FILE` runs the management command `region_load`; `wmoketen validate FILE...` runs
`validate`; `wmoketen manage ...` passes anything on to Django's manage.py.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# commands whose processes count Prometheus metrics over several processes (gunicorn workers, Celery's pool)
METRIEK_ROLLEN = {"serve": "web", "worker": "worker"}


def resolve(argv: list[str], known: set[str]) -> list[str]:
    """Map `wmoketen a b rest...` onto a management command `a_b` when it exists, else `a`."""
    if len(argv) < 2:
        return [argv[0], "help"]
    if argv[1] == "manage":
        return [argv[0], *argv[2:]]
    if len(argv) > 2 and f"{argv[1]}_{argv[2]}" in known:
        return [argv[0], f"{argv[1]}_{argv[2]}", *argv[3:]]
    return argv


def metriekmap(argv: list[str]) -> None:
    """Give `serve` and `worker` their own PROMETHEUS_MULTIPROC_DIR (before prometheus_client is imported): one
    folder per process tree, emptied at start; folders of processes that are gone are removed."""
    rol = METRIEK_ROLLEN.get(argv[1]) if len(argv) > 1 else None
    if rol is None or "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        return
    from wmoketen.conf.base import VAR_DIR

    basis = Path(VAR_DIR) / "prometheus"
    basis.mkdir(parents=True, exist_ok=True)
    for oud in basis.glob("*-*"):
        pid = oud.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(oud, ignore_errors=True)
    map_ = basis / f"{rol}-{os.getpid()}"
    shutil.rmtree(map_, ignore_errors=True)
    map_.mkdir()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(map_)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.production")
    metriekmap(sys.argv)
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    try:
        django.setup()
    except ImproperlyConfigured as fout:  # production settings without their secrets: say which, no traceback
        sys.exit(str(fout))
    execute_from_command_line(resolve(sys.argv, set(get_commands())))


if __name__ == "__main__":
    main()
