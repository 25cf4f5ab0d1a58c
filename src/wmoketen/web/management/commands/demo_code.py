"""`wmoketen demo code USER`: the current second-factor code of a demo user. Only under the demo settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.accounts.demo import DEMO_TOTP_GEHEIM, DemoNietToegestaan, demo_vereist
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.tweefactor import volgende_code


class Command(BaseCommand):
    help = "Toon de huidige tweestapscode van een demogebruiker (alleen met de demo-instellingen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gebruiker")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_vereist()
        except DemoNietToegestaan as fout:
            raise CommandError(str(fout)) from fout
        gebruiker = Gebruiker.objects.filter(username=options["gebruiker"], totp_geheim=DEMO_TOTP_GEHEIM).first()
        if gebruiker is None:
            raise CommandError("Geen demogebruiker met de demosleutel gevonden.")
        code = volgende_code(gebruiker.totp_geheim, na_stap=gebruiker.totp_laatste_stap)
        if code is None:
            raise CommandError("De codes van nu zijn al gebruikt; probeer het over een halve minuut opnieuw.")
        self.stdout.write(code)
