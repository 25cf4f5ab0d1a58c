"""`wmoketen koppeling maken --naam N (--aanbieder AGB | --gemeente CBS)`, `koppeling lijst`,
`koppeling intrekken ID`: the credentials a system uses to upload iWmo messages (docs/security.md §3)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.accounts.models import Systeemkoppeling
from wmoketen.accounts.services import koppeling_aanmaken, koppeling_intrekken
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Aanbieder


class Command(BaseCommand):
    help = "Systeemkoppelingen (tokens voor /berichten/upload/): maken, tonen, intrekken."

    def add_arguments(self, parser: CommandParser) -> None:
        acties = parser.add_subparsers(dest="actie", required=True)
        maken = acties.add_parser("maken", help="nieuw token voor één partij; het token wordt één keer getoond")
        maken.add_argument("--naam", required=True)
        partij = maken.add_mutually_exclusive_group(required=True)
        partij.add_argument("--aanbieder", metavar="AGB")
        partij.add_argument("--gemeente", metavar="CBS")
        acties.add_parser("lijst", help="alle koppelingen (nooit de tokens)")
        intrekken = acties.add_parser("intrekken", help="een token direct onbruikbaar maken")
        intrekken.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['actie']}")(options)

    def _maken(self, options: dict[str, Any]) -> None:
        aanbieder = gemeente = None
        if options["aanbieder"]:
            aanbieder = Aanbieder.objects.filter(agb_code=options["aanbieder"]).first()
            if aanbieder is None:
                raise CommandError(f"Geen aanbieder met AGB-code {options['aanbieder']}.")
        else:
            gemeente = Gemeente.objects.filter(cbs_code=options["gemeente"]).first()
            if gemeente is None:
                raise CommandError(f"Geen gemeente met CBS-code {options['gemeente']}.")
        koppeling, token = koppeling_aanmaken(naam=options["naam"], door=None, aanbieder=aanbieder, gemeente=gemeente)
        self.stdout.write(f"Koppeling {koppeling.pk} voor {koppeling.partij_code} aangemaakt. Token (wordt niet")
        self.stdout.write(f"opnieuw getoond, bewaar het in het systeem zelf): {token}")

    def _lijst(self, options: dict[str, Any]) -> None:
        for k in Systeemkoppeling.objects.select_related("aanbieder", "gemeente").order_by("pk"):
            status = f"ingetrokken {k.ingetrokken_op:%d-%m-%Y}" if k.ingetrokken_op else "actief"
            self.stdout.write(f"{k.pk:>5}  {k.partij_code:<8}  {k.naam:<40}  wmk_{k.token_begin}…  {status}")

    def _intrekken(self, options: dict[str, Any]) -> None:
        koppeling = Systeemkoppeling.objects.filter(pk=options["id"]).first()
        if koppeling is None:
            raise CommandError(f"Geen koppeling {options['id']}.")
        koppeling_intrekken(koppeling=koppeling)
        self.stdout.write(f"Koppeling {koppeling.pk} ({koppeling.naam}) is ingetrokken.")
