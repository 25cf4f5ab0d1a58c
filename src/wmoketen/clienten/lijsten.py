"""The list of clients as `core.lijsten.Lijst` (issue 19 item 5): filters, sorting and paging in the URL; the
search by BSN, name or date of birth stays a POST (no BSN or name in a URL, docs/clienten.md). Every client shown
or exported is written to the Logboek."""

from __future__ import annotations

from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Verwerkingsactiviteit
from wmoketen.contracten import weergave
from wmoketen.core.lijsten import Kolom, Lijst

from . import selectors
from .models import Client


def _activiteit(gebruiker: Gebruiker) -> str:
    """As the client pages log: a provider's view serves the assignment, the municipality's the access process."""
    return Verwerkingsactiviteit.TOEWIJZING if gebruiker.is_aanbieder else Verwerkingsactiviteit.TOEGANG


CLIENTEN: Lijst[Client] = Lijst(
    naam="clienten",
    titel="Cliënten",
    url="clienten:lijst",
    lezen=selectors.clienten_selectie,
    sorteringen=selectors.CLIENT_SORTERINGEN,
    client_van=lambda c: c.pk,
    verwerkingsactiviteit=lambda g: (
        Verwerkingsactiviteit.TOEWIJZING if g.is_aanbieder else Verwerkingsactiviteit.TOEGANG
    ),
    kolommen=[
        Kolom("Naam", lambda c: c.naam),
        Kolom("Geboortedatum", lambda c: f"{c.geboortedatum:%d-%m-%Y}"),
        Kolom("Adres", lambda c: c.adres),
        Kolom("Gemeente", lambda c: weergave.gemeente(c.gemeente)),
        Kolom("Overleden op", lambda c: f"{c.overleden_op:%d-%m-%Y}" if c.overleden_op else ""),
    ],
)
