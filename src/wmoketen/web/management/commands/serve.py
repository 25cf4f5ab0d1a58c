"""`wmoketen serve [--adres HOST:POORT] [--workers N] [--threads N]`: the web application on gunicorn, static files
by WhiteNoise (collected at the first start when the image or package did not already), behind a reverse proxy
that terminates HTTPS (docs/beheer.md)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from wmoketen.web.server import Webserver, opties, standaard_workers


class Command(BaseCommand):
    help = "Start de webserver (gunicorn) voor productie."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--adres", default=os.environ.get("WMOKETEN_ADRES", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=standaard_workers())
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WMOKETEN_THREADS", "1")))
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("WMOKETEN_TIMEOUT", "120")))

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)  # only what changed since the last start
        Webserver(
            opties(
                adres=options["adres"],
                workers=options["workers"],
                threads=options["threads"],
                timeout=options["timeout"],
            )
        ).run()
