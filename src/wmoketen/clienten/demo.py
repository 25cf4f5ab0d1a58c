"""Demo clients: fictitious people with BSNs from the test range (9999...), spread over every municipality."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction

from wmoketen.catalogus.models import Gemeente
from wmoketen.core.bsn import test_bsns

from .models import Client, Geslacht

ACHTERNAMEN = [
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
]
VOORLETTERS = ["A.", "B.M.", "C.", "D.J.", "E.", "F.W.", "G.", "H.", "I.", "J.P.", "K.", "L.M."]
STRATEN = ["Kerkstraat", "Molenweg", "Dorpsstraat", "Schoolstraat", "Julianalaan", "Stationsweg"]
PER_GEMEENTE = 12


@transaction.atomic
def vul_demo(log: Callable[[str], None]) -> None:
    gemeenten = list(Gemeente.objects.order_by("cbs_code"))
    bsns = test_bsns(len(gemeenten) * PER_GEMEENTE)
    nieuw = 0
    for g_i, gemeente in enumerate(gemeenten):
        for i in range(PER_GEMEENTE):
            n = g_i * PER_GEMEENTE + i
            # each demo BSN once in the whole demo (the BSN is unique per gemeente only; a rerun after another
            # region was loaded shifts n, and must not give a BSN a second client in another gemeente)
            if Client.objects.filter(bsn=bsns[n]).exists():
                continue
            Client.objects.create(
                bsn=bsns[n],
                geboortedatum=date(1935 + (n * 7) % 65, 1 + n % 12, 1 + (n * 3) % 28),
                geslacht=Geslacht.VROUWELIJK if n % 2 else Geslacht.MANNELIJK,
                voorletters=VOORLETTERS[n % len(VOORLETTERS)],
                achternaam=ACHTERNAMEN[n % len(ACHTERNAMEN)],
                straat=STRATEN[n % len(STRATEN)],
                huisnummer=1 + (n * 13) % 120,
                postcode=f"{6000 + (n * 37) % 3000}AB",
                plaats=gemeente.naam,
                gemeente=gemeente,
            )
            nieuw += 1
    log(f"{Client.objects.count()} democliënten ({nieuw} nieuw)")
