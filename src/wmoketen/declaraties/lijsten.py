"""The declaration list and the list of payment batches as `core.lijsten.Lijst`: the page and its export read the
same selection (issue 19 item 5)."""

from __future__ import annotations

from django.utils import timezone

from wmoketen.contracten import weergave
from wmoketen.core.lijsten import Kolom, Lijst, geld

from . import selectors
from .constants import Uitkomst, retourcodes_tekst
from .models import Betaalbatch, Declaratie


def _uitkomsten(declaraties: list[Declaratie]) -> None:
    uitkomsten = selectors.uitkomsten(declaraties)  # one query for the chunk
    for d in declaraties:
        d.uitkomst = uitkomsten[d.pk]  # type: ignore[attr-defined]


def _datum(waarde: object) -> str:
    if waarde is None:
        return ""
    if hasattr(waarde, "tzinfo"):
        waarde = timezone.localtime(waarde)  # type: ignore[arg-type]
        return f"{waarde:%d-%m-%Y %H:%M}"
    return f"{waarde:%d-%m-%Y}"


DECLARATIES: Lijst[Declaratie] = Lijst(
    naam="declaraties",
    titel="Declaraties",
    url="declaraties:lijst",
    lezen=selectors.declaraties_selectie,
    sorteringen=selectors.DECLARATIE_SORTERINGEN,
    voorbereiden=_uitkomsten,
    kolommen=[
        Kolom("DeclaratieNummer", lambda d: d.declaratie_nummer),
        Kolom("Aanbieder", lambda d: weergave.aanbieder(d.aanbieder, met_code=True)),
        Kolom("Gemeente", lambda d: weergave.gemeente(d.gemeente, met_code=True)),
        Kolom("Periode", lambda d: f"{d.periode_begin:%m-%Y}"),
        Kolom("Ontvangen", lambda d: _datum(d.ontvangen_op)),
        Kolom("325 uiterlijk", lambda d: _datum(d.antwoord_uiterlijk)),
        Kolom("Uitkomst", lambda d: Uitkomst(d.uitkomst.uitkomst).label),  # type: ignore[attr-defined]
        Kolom("Retourcodes", lambda d: retourcodes_tekst(d.retour_codes)),
        geld("Ingediend", lambda d: d.totaal_ingediend_cent),
        geld("Toegekend", lambda d: d.totaal_toegekend_cent),
        geld("Afgewezen", lambda d: d.uitkomst.afgewezen_cent),  # type: ignore[attr-defined]
    ],
)


def _wie(gebruiker: object) -> str:
    if gebruiker is None:
        return ""
    return str(getattr(gebruiker, "get_full_name", lambda: "")() or getattr(gebruiker, "username", ""))


BETAALBATCHES: Lijst[Betaalbatch] = Lijst(
    naam="betaalbatches",
    titel="Betaalbatches",
    url="declaraties:betalingen",
    lezen=selectors.betaalbatches_selectie,
    sorteringen=selectors.BATCH_SORTERINGEN,
    kolommen=[
        Kolom("Batch", lambda b: b.pk),
        Kolom("Gemeente", lambda b: weergave.gemeente(b.gemeente, met_code=True)),
        Kolom("Status", lambda b: b.get_status_display()),
        Kolom("Aangemaakt door", lambda b: _wie(b.aangemaakt_door)),
        Kolom("Aangemaakt op", lambda b: _datum(b.aangemaakt_op)),
        Kolom("Goedgekeurd door", lambda b: _wie(b.goedgekeurd_door)),
        Kolom("Goedgekeurd op", lambda b: _datum(b.goedgekeurd_op)),
        Kolom("Uiterlijk betalen", lambda b: _datum(b.vervaldatum)),
        geld("Totaal", lambda b: b.totaal_cent),
    ],
)
