#!/usr/bin/env python3.11
"""Bootstrap for a fresh machine that has only Python 3.11.

    python3.11 dev.py demo    install, migrate a SQLite database, load the four regions and demo data,
                              print the demo logins and serve on http://127.0.0.1:8000 (settings
                              wmoketen.conf.demo; everything else defaults to the production settings)
    python3.11 dev.py test    install and run the whole test suite (SQLite unless DATABASE_URL is set)
    python3.11 dev.py check   lint, type check, dependency direction and migration drift

Everything is installed into .venv from the lock file (uv.lock) so that every machine runs the same versions.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
UV_VERSION = "0.13.8"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def install() -> dict[str, str]:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"wmoketen vraagt Python 3.11; dit is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        print("» virtuele omgeving aanmaken in .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not (BIN / "uv").exists():
        print(f"» uv {UV_VERSION} installeren", flush=True)
        run(
            BIN / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"uv=={UV_VERSION}",
        )
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(VENV), "VIRTUAL_ENV": str(VENV)}
    env.pop("CONDA_PREFIX", None)
    print("» afhankelijkheden installeren volgens uv.lock", flush=True)
    run(BIN / "uv", "sync", "--frozen", "--quiet", env=env)
    return env


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "help"
    if command not in {"demo", "test", "check"}:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)
    env = install()
    if command == "demo":
        env.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.demo")  # the default is production
        run(BIN / "wmoketen", "demo", "--serve", *argv[2:], env=env)
    elif command == "test":
        run(BIN / "pytest", *argv[2:], env=env)
    else:
        run(BIN / "ruff", "check", "src", "benchmarks", "tests", "tools", env=env)
        run(BIN / "ruff", "format", "--check", "src", "benchmarks", "tests", "tools", env=env)
        run(BIN / "mypy", "src", env=env)
        run(BIN / "lint-imports", env=env)
        env.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
        run(BIN / "wmoketen", "manage", "makemigrations", "--check", "--dry-run", env=env)


if __name__ == "__main__":
    main(sys.argv)
