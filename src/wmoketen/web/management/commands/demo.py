"""`wmoketen demo [--serve]`: migrate, load every region file, fill demo data, print the demo logins.

Each app may have a module `demo.py` with `vul_demo(log)`; they run in INSTALLED_APPS order, so later apps can
build on the data of earlier ones. Then each `rond_af(log)` runs, in the same order: the periodic work (the
exchange, planning evaluations and signals) over the data of every app, as the worker would do it overnight, so
nothing a later app made is left for the next run. Everything is idempotent: running the demo twice changes
nothing (tested by comparing the databases, web/tests/test_demo_idempotent.py).
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.accounts.demo import DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD, DemoNietToegestaan, demo_logins, demo_vereist
from wmoketen.audit.controlepunt import controlepunt_schrijven
from wmoketen.contracten.regiobestand.fouten import RegiobestandFout
from wmoketen.contracten.services import regio_laden


class Command(BaseCommand):
    help = "Zet de demo klaar (database, vier regio's, demodata) en start desgewenst de webserver."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--serve", action="store_true", help="start daarna de webserver op 127.0.0.1:8000")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--regions", default=str(Path(settings.BASE_DIR) / "regions"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_vereist()
        except DemoNietToegestaan as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write("» database bijwerken (migraties)")
        call_command("migrate", verbosity=0, interactive=False)
        bestanden = sorted(Path(options["regions"]).glob("*.yaml"))
        if not bestanden:
            raise CommandError(f"Geen regiobestanden gevonden in {options['regions']}.")
        for pad in bestanden:
            try:
                verslag = regio_laden(pad=pad, alleen_gewijzigd=True)
            except RegiobestandFout as fout:
                raise CommandError(fout.rapport()) from fout
            self.stdout.write(f"» {verslag.samenvatting()}")
        modules = [
            importlib.import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name.startswith("wmoketen.") and importlib.util.find_spec(f"{config.name}.demo") is not None
        ]
        for stap in ("vul_demo", "rond_af"):  # rond_af: the periodic work (exchange, planning) over ALL demo data
            for module in modules:
                if hasattr(module, stap):
                    getattr(module, stap)(lambda tekst: self.stdout.write(f"» {tekst}"))
        controlepunt = controlepunt_schrijven()  # so `wmoketen audit verify` can check the demo's Logboek
        self.stdout.write(f"» logboek: controlepunt bij record {controlepunt.volgnummer}")
        self._print_logins()
        if options["serve"]:
            self.stdout.write(f"\nwmoketen draait op http://{options['addr']}/  (stoppen: Ctrl+C)\n")
            call_command("runserver", options["addr"], use_reloader=False)

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo-aanmeldingen (wachtwoord voor allemaal: {DEMO_WACHTWOORD})")
        for username, rol, bereik in demo_logins():
            self.stdout.write(f"  {username:<40} {rol:<32} {bereik}")
        self.stdout.write(
            f"Elk account vraagt na het wachtwoord ook een code (elke code werkt één keer): sleutel {DEMO_TOTP_GEHEIM} "
            "in een authenticator-app, of `wmoketen demo code GEBRUIKER` voor de code van nu."
        )
