"""Taking over template rows, per template, through the services of the app each belongs to. A row is taken over
whole or refused with its reason; a batch holds rows of one phase in file order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from wmoketen.audit.constants import Verwerkingsactiviteit
from wmoketen.clienten.services import Clientgegevens, clienten_overnemen
from wmoketen.toewijzingen.selectors import bestaande_nummers

from ..archief.kop import NietImporteerbaar
from ..archief.verwerken import Werk
from ..constants import Uitkomst
from ..models import Migratiestap


class Sjabloonverwerking:
    def __init__(self, werk: Werk) -> None:
        self.werk = werk
        self.per_soort: dict[str, Callable[[list[Migratiestap]], None]] = {
            "clienten": self.clienten,
            "toewijzingsproducten": self.toewijzingsproducten,
        }

    def verwerk(self, stappen: Sequence[Migratiestap]) -> None:
        per_soort: dict[str, list[Migratiestap]] = {}
        for stap in stappen:
            per_soort.setdefault(stap.soort, []).append(stap)
        for soort, rijen in per_soort.items():
            self.per_soort[soort](rijen)

    def _regel(self, stap: Migratiestap, reden: str) -> None:
        self.werk.weiger(stap, [f"Regel {stap.regel}: {reden}"])

    def clienten(self, stappen: list[Migratiestap]) -> None:
        werk = self.werk
        gegevens: list[tuple[Migratiestap, Clientgegevens]] = []
        for stap in stappen:
            g: dict[str, Any] = stap.gegevens
            try:
                gemeente = werk.regio.gemeente(g["gemeente"])
            except NietImporteerbaar as exc:
                self._regel(stap, str(exc))
                continue
            gegevens.append(
                (
                    stap,
                    Clientgegevens(
                        bsn=g["bsn"],
                        gemeente_id=gemeente.pk,
                        geboortedatum=date.fromisoformat(g["geboortedatum"]),
                        **{k: g[k] for k in _CLIENTVELDEN if k in g},
                    ),
                )
            )
        overgenomen = clienten_overnemen([c for _, c in gegevens], bijwerken=True)
        for stap, c in gegevens:
            werk.klaar(stap, Uitkomst.NIEUW if c.bsn in overgenomen.nieuw else Uitkomst.BIJGEWERKT)
            werk.verslag.tel("clienten", int(c.bsn in overgenomen.nieuw), gemeente=stap.gegevens["gemeente"])
        werk.log(Verwerkingsactiviteit.TOEGANG, set(overgenomen.ids.values()))

    def toewijzingsproducten(self, stappen: list[Migratiestap]) -> None:
        """Used while the 301s were read; here only checked: a row for a number that no 301 brought is reported."""
        bekend = bestaande_nummers({int(s.sleutel) for s in stappen})
        for stap in stappen:
            if int(stap.sleutel) in bekend:
                self.werk.klaar(stap, Uitkomst.NIEUW, "Gebruikt bij het overnemen van de toewijzing.")
            else:
                self._regel(stap, f"toewijzing {stap.sleutel} is niet overgenomen (geen 301 in het archief).")


_CLIENTVELDEN = (
    "geslacht",
    "voorletters",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "plaats",
    "telefoon",
)
