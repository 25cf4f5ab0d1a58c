"""The list of assignments as `core.lijsten.Lijst` (issue 19 item 5): municipal staff see those of clients in
their municipalities, a provider its own; every client shown or exported is written to the Logboek."""

from __future__ import annotations

from wmoketen.audit.constants import Verwerkingsactiviteit
from wmoketen.contracten import weergave
from wmoketen.core.lijsten import Kolom, Lijst

from . import selectors
from .models import Toewijzing

TOEWIJZINGEN: Lijst[Toewijzing] = Lijst(
    naam="toewijzingen",
    titel="Toewijzingen",
    url="toewijzingen:lijst",
    lezen=selectors.toewijzingen_selectie,
    sorteringen=selectors.TOEWIJZING_SORTERINGEN,
    client_van=lambda t: t.client_id,
    verwerkingsactiviteit=lambda gebruiker: Verwerkingsactiviteit.TOEWIJZING,
    kolommen=[
        Kolom("ToewijzingNummer", lambda t: t.toewijzing_nummer),
        Kolom("Cliënt", lambda t: t.client.naam),
        Kolom("Gemeente", lambda t: weergave.gemeente(t.client.gemeente)),
        Kolom("Aanbieder", lambda t: weergave.aanbieder(t.aanbieder, met_code=True)),
        Kolom("Product", lambda t: f"{t.product.productcode} {t.product.naam}"),
        Kolom("Ingangsdatum", lambda t: f"{t.ingangsdatum:%d-%m-%Y}"),
        Kolom("Einddatum", lambda t: f"{t.einddatum:%d-%m-%Y}" if t.einddatum else ""),
        Kolom("Omvang", weergave.toegewezen_omvang),
        Kolom("Reden wijziging", lambda t: t.reden_wijziging_tekst),
    ],
)
