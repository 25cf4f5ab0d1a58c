"""The `wmoketen` command: the management commands users need, under readable names.

`wmoketen region load FILE` runs the management command `region_load`; `wmoketen validate FILE...` runs
`validate`; `wmoketen manage ...` passes anything on to Django's manage.py.
"""

from __future__ import annotations

import os
import sys


def resolve(argv: list[str], known: set[str]) -> list[str]:
    """Map `wmoketen a b rest...` onto a management command `a_b` when it exists, else `a`."""
    if len(argv) < 2:
        return [argv[0], "help"]
    if argv[1] == "manage":
        return [argv[0], *argv[2:]]
    if len(argv) > 2 and f"{argv[1]}_{argv[2]}" in known:
        return [argv[0], f"{argv[1]}_{argv[2]}", *argv[3:]]
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.production")
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
