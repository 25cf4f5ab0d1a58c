"""Retention (AVG art. 5(1)(e); Archiefwet 1995 with the Selectielijst gemeenten en intergemeentelijke organen):
closed access dossiers are anonymised after the term of their record kind, by a scheduled job that by default
only reports (dry run).

Record kinds and their default terms (settings.WMOKETEN_BEWAARTERMIJNEN, years after closing):
- `plan_vastgesteld`: a dossier whose ondersteuningsplan was vastgesteld in a beschikking: 15 years after the
  beschikking ended (the end of the indication, or of the last assignment it created if that is later);
- `plan_niet_vastgesteld`: a dossier without a beschikking: 5 years after its last process step.

Anonymising keeps every row and link (meldingen, plans, beschikkingen, assignments, declarations) so aggregate
figures stay right, and removes what identifies or describes the person: free text in the dossier, and, once all
of a client's dossiers are due and no assignment ended within the shortest term, the client's BSN, name, address,
telephone, exact date of birth (the year stays) and the raw XML of messages about that client. The Logboek
dataverwerkingen holds pseudonyms only and is not touched (its own retention is a separate decision)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from wmoketen.berichten.models import Bericht
from wmoketen.clienten.models import Client
from wmoketen.toegang.models import (
    Afhandeling,
    Beschikking,
    Bezwaar,
    Brief,
    Deel2,
    Deel2Resultaat,
    Melding,
    Ondersteuningsplan,
    Onderzoeksverslag,
    Stap,
)
from wmoketen.toewijzingen.models import Toewijzing

VERWIJDERD = "[verwijderd na bewaartermijn]"
ANONIEM = "Geanonimiseerd"
SOORTEN = {
    "plan_vastgesteld": "Vastgesteld ondersteuningsplan (beschikt)",
    "plan_niet_vastgesteld": "Niet vastgesteld ondersteuningsplan (geen beschikking)",
}


def termijnen() -> dict[str, int]:
    return {soort: int(settings.WMOKETEN_BEWAARTERMIJNEN[soort]) for soort in SOORTEN}


def _jaren_terug(d: date, jaren: int) -> date:
    try:
        return d.replace(year=d.year - jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year - jaren, day=28)


@dataclass(frozen=True)
class Dossier:
    melding: Melding
    soort: str
    afgesloten_op: date | None  # None: still running


def dossiers() -> list[Dossier]:
    """Every melding with its record kind and closing date."""
    einde_toewijzing: dict[int, date | None] = {}
    lopend: set[int] = set()
    for beschikking_id, einddatum in Toewijzing.objects.filter(beschikking_id__isnull=False).values_list(
        "beschikking_id", "einddatum"
    ):
        if einddatum is None:
            lopend.add(beschikking_id)
        else:
            einde_toewijzing[beschikking_id] = max(einddatum, einde_toewijzing.get(beschikking_id) or einddatum)
    beschikkingen = {b.melding_id: b for b in Beschikking.objects.all()}
    laatste_stap = dict(Stap.objects.values("melding").annotate(d=Max("datum")).values_list("melding", "d"))
    uit = []
    for m in Melding.objects.select_related("client__gemeente").order_by("pk"):
        b = beschikkingen.get(m.pk)
        if b is not None:
            einde = None if b.pk in lopend else max(b.einddatum, einde_toewijzing.get(b.pk) or b.einddatum)
            uit.append(Dossier(m, "plan_vastgesteld", einde))
        else:
            uit.append(Dossier(m, "plan_niet_vastgesteld", laatste_stap.get(m.pk) or m.melddatum))
    return uit


@dataclass
class Regel:
    soort: str
    gemeente: str
    dossiers: int = 0
    clienten: int = 0


@dataclass
class Rapport:
    vandaag: date
    uitgevoerd: bool
    regels: list[Regel] = field(default_factory=list)
    al_geanonimiseerd: int = 0

    def tekst(self) -> str:
        kop = "Uitgevoerd" if self.uitgevoerd else "Proefdraai (niets gewijzigd; --uitvoeren om te anonimiseren)"
        t = termijnen()
        regels = [f"Bewaartermijnen per {self.vandaag:%d-%m-%Y} — {kop}"]
        for soort, omschrijving in SOORTEN.items():
            regels.append(f"{omschrijving}: {t[soort]} jaar na afsluiten")
            for r in (r for r in self.regels if r.soort == soort):
                regels.append(f"  {r.gemeente}: {r.dossiers} dossier(s), {r.clienten} cliënt(en) volledig")
            if not any(r.soort == soort for r in self.regels):
                regels.append("  niets te anonimiseren")
        regels.append(f"Al eerder geanonimiseerd (overgeslagen): {self.al_geanonimiseerd} dossier(s)")
        return "\n".join(regels)


def _is_anoniem(client: Client) -> bool:
    return client.achternaam == ANONIEM and client.bsn.startswith("X")


def _dossier_gedaan(m: Melding) -> bool:
    return (
        m.omschrijving == ""
        and not Onderzoeksverslag.objects.filter(melding=m).exclude(bevindingen=VERWIJDERD).exists()
    )


def bewaartermijn(*, vandaag: date, uitvoeren: bool = False) -> Rapport:
    """Report (and with uitvoeren=True, anonymise) every dossier past its term. Idempotent."""
    t = termijnen()
    alle = dossiers()
    rapport = Rapport(vandaag, uitvoeren)
    verlopen: list[Dossier] = []
    per_client: dict[int, list[Dossier]] = defaultdict(list)
    for d in alle:
        per_client[d.melding.client_id].append(d)
        if d.afgesloten_op is not None and d.afgesloten_op < _jaren_terug(vandaag, t[d.soort]):
            verlopen.append(d)
    verlopen_ids = {d.melding.pk for d in verlopen}
    kortste = _jaren_terug(vandaag, min(t.values()))
    recent = set(Toewijzing.objects.filter(einddatum__isnull=True).values_list("client_id", flat=True)) | set(
        Toewijzing.objects.filter(einddatum__gte=kortste).values_list("client_id", flat=True)
    )
    regels: dict[tuple[str, str], Regel] = {}
    te_doen: list[Dossier] = []
    clienten: set[int] = set()
    for d in verlopen:
        gemeente = d.melding.client.gemeente.naam
        regel = regels.setdefault((d.soort, gemeente), Regel(d.soort, gemeente))
        if _dossier_gedaan(d.melding):
            rapport.al_geanonimiseerd += 1
        else:
            te_doen.append(d)
            regel.dossiers += 1
        client_id = d.melding.client_id
        if (
            client_id not in clienten
            and client_id not in recent
            and not _is_anoniem(d.melding.client)
            and all(x.melding.pk in verlopen_ids for x in per_client[client_id])
        ):
            clienten.add(client_id)
            regel.clienten += 1
    regels = {k: r for k, r in regels.items() if r.dossiers or r.clienten}
    rapport.regels = sorted(regels.values(), key=lambda r: (list(SOORTEN).index(r.soort), r.gemeente))
    if uitvoeren:
        with transaction.atomic():
            for d in te_doen:
                _dossier_anonimiseren(d.melding)
            for client in Client.objects.filter(pk__in=clienten):
                _client_anonimiseren(client)
    return rapport


def _dossier_anonimiseren(m: Melding) -> None:
    Melding.objects.filter(pk=m.pk).update(omschrijving="")
    Onderzoeksverslag.objects.filter(melding=m).update(bevindingen=VERWIJDERD, aanwezigen="")
    Ondersteuningsplan.objects.filter(melding=m).update(toelichting="", motivatie_afwijking="", motivatie_product="")
    Deel2.objects.filter(plan__melding=m).update(toelichting="")
    Deel2Resultaat.objects.filter(deel2__plan__melding=m).update(activiteiten=VERWIJDERD)
    Beschikking.objects.filter(melding=m).update(toelichting="")
    Afhandeling.objects.filter(melding=m).update(redenen="", algemene_voorziening="")
    Bezwaar.objects.filter(melding=m).update(gronden="", toelichting_uitkomst="", uitstel_reden="")
    Brief.objects.filter(melding=m).update(pdf=b"", grootte=0)  # the letters name and address the client
    Stap.objects.filter(melding=m).update(omschrijving="")


def _client_anonimiseren(client: Client) -> None:
    Client.objects.filter(pk=client.pk).update(
        bsn=f"X{client.pk:08d}",
        geboortedatum=date(client.geboortedatum.year, 1, 1),
        voorletters="",
        voornamen="",
        voorvoegsel="",
        achternaam=ANONIEM,
        straat="",
        huisnummer=None,
        huisnummer_toevoeging="",
        postcode="",
        plaats="",
        telefoon="",
        email="",
    )
    # the history of the personal data and the representatives are personal data too
    client.versies.all().delete()
    client.relaties.all().delete()
    Brief.objects.filter(client=client).update(pdf=b"", grootte=0)
    Bezwaar.objects.filter(client=client).update(gronden="", toelichting_uitkomst="", uitstel_reden="")
    Bericht.objects.filter(client=client).update(inhoud=b"", samenvatting={})
