"""Taking over a declaration of the suite a region leaves: its 323 with the outcome its 325 gave (app `migratie`).

The old suite's judgement stands: nothing is judged again. A prestatie the 325 lists is rejected with the
retourcodes it carries, every other one is approved (a 325 with 8001 approves all, a code on declaration level
rejects the declaration as a whole). The rows are the ones the intake writes, so the next 323 of the provider is
judged against them exactly as against declarations wmoketen judged itself (TR314 references, TR323/TR389/TR390
credits and debets, TR318 periods, TR333 numbers). What cannot stand is refused with a Dutch reason per
prestatie: an approved prestatie needs its assignment (TR338) and the client of that assignment, and a reference
is approved at most once per provider (TR314); the caller then rolls the declaration back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Sum

from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.money import format_euro
from wmoketen.core.werkdagen import werkdagen_na
from wmoketen.toewijzingen.models import Toewijzing

from .constants import ANTWOORD_TERMIJN_WERKDAGEN, BatchStatus, DeclaratieStatus, PrestatieStatus, retourcode_tekst
from .invoer import Declaratie323, Prestatieregel
from .models import Betaalbatch, Betaalregel, Declaratie, Prestatie
from .opslag import prestaties_opslaan

Sleutel = tuple[str, str, str]  # BSN, ReferentieNummer, debet/credit: how a 325 names a prestatie of the 323


@dataclass
class Antwoord:
    """What the old suite's 325 said of a 323."""

    beantwoord_op: date
    als_geheel_afgewezen: bool = False
    declaratie_codes: tuple[str, ...] = ()
    afgewezen: dict[Sleutel, list[tuple[str, ...]]] = field(default_factory=dict)  # codes per listed prestatie
    totaal_toegekend_cent: int = 0  # signed


@dataclass(frozen=True)
class Probleem:
    volgnummer: int | None  # position of the prestatie in the 323 (0-based), None for the declaration
    reden: str


def _bevindingen(codes: Sequence[str]) -> list[dict[str, str]]:
    return [
        {"regel": "", "retourcode": c, "melding": retourcode_tekst(c) or "Afgewezen door het vorige systeem."}
        for c in codes
    ]


class DeclaratieOvername:
    """One archived 323 with its 325, fed part by part like the intake (flat memory). Inside the caller's
    transaction (a savepoint per declaration): with `problemen` left after `afronden`, roll it back."""

    def __init__(
        self,
        *,
        invoer: Declaratie323,
        antwoord: Antwoord,
        ontvangen_op: date,
        bericht_id: int | None,
        antwoord_bericht_id: int | None,
        aanbieder: Aanbieder | None = None,
        gemeente: Gemeente | None = None,
    ) -> None:
        """`aanbieder` and `gemeente`: those of the 323's header when the caller has them loaded already (the
        import loads them once), else looked up here."""
        self.invoer = invoer
        self.antwoord = antwoord
        self.problemen: list[Probleem] = []
        self.toegekend_cent = 0
        self.ingediend_cent = 0
        self.aantallen: Counter[str] = Counter()
        self._over = {k: list(v) for k, v in antwoord.afgewezen.items()}
        self._goedgekeurd: set[str] = set()
        if aanbieder is None or aanbieder.agb_code != invoer.aanbieder:
            aanbieder = Aanbieder.objects.filter(agb_code=invoer.aanbieder).first()
        if gemeente is None or gemeente.cbs_code != invoer.gemeente:
            gemeente = Gemeente.objects.filter(cbs_code=invoer.gemeente).first()
        self.aanbieder, self.gemeente = aanbieder, gemeente
        self.declaratie: Declaratie | None = None
        if self.aanbieder is None or self.gemeente is None:
            self.problemen.append(Probleem(None, "Aanbieder of gemeente van deze declaratie is niet bekend."))
            return
        gebruikt = (
            Declaratie.objects.filter(aanbieder=self.aanbieder, declaratie_nummer=invoer.declaratie_nummer)
            .exclude(status=DeclaratieStatus.AFGEWEZEN)
            .exists()
        )
        if gebruikt and not antwoord.als_geheel_afgewezen:
            self.problemen.append(
                Probleem(
                    None,
                    f"DeclaratieNummer {invoer.declaratie_nummer} is bij deze aanbieder al gebruikt (TR333).",
                )
            )
            return
        self.declaratie = Declaratie.objects.create(
            declaratie_nummer=invoer.declaratie_nummer,
            aanbieder=self.aanbieder,
            gemeente=self.gemeente,
            periode_begin=invoer.periode_begin,
            periode_eind=invoer.periode_eind,
            dagtekening=invoer.dagtekening,
            bericht_identificatie=invoer.bericht_identificatie,
            bericht_id=bericht_id,
            antwoord_bericht_id=antwoord_bericht_id,
            totaal_ingediend_cent=invoer.totaal_ingediend_cent,
            totaal_toegekend_cent=0,
            ontvangen_op=ontvangen_op,
            antwoord_uiterlijk=werkdagen_na(ontvangen_op, ANTWOORD_TERMIJN_WERKDAGEN),
            beantwoord_op=antwoord.beantwoord_op,
            status=DeclaratieStatus.AFGEWEZEN if antwoord.als_geheel_afgewezen else DeclaratieStatus.BEANTWOORD,
            retour_codes=list(antwoord.declaratie_codes) if antwoord.als_geheel_afgewezen else [],
            bevindingen=_bevindingen(antwoord.declaratie_codes) if antwoord.als_geheel_afgewezen else [],
        )

    def verwerk(self, prestaties: Sequence[Prestatieregel]) -> None:
        """Check and store the next part of the 323 (whole clients, in message order)."""
        if self.declaratie is None:
            return
        assert self.aanbieder is not None and self.gemeente is not None
        toewijzingen = {
            nummer: (pk, client_id, bsn)
            for pk, nummer, client_id, bsn in Toewijzing.objects.filter(
                toewijzing_nummer__in_lijst={p.toewijzing_nummer for p in prestaties},
                client__gemeente=self.gemeente,
                aanbieder=self.aanbieder,
            )
            .order_by()
            .values_list("pk", "toewijzing_nummer", "client_id", "client__bsn")
        }
        goedgekeurd_eerder = set(
            Prestatie.objects.filter(
                aanbieder=self.aanbieder,
                status=PrestatieStatus.GOEDGEKEURD,
                referentie_nummer__in_lijst={p.referentie_nummer for p in prestaties},
            )
            .order_by()
            .values_list("referentie_nummer", flat=True)
        )
        rijen = list(self._rijen(prestaties, toewijzingen, goedgekeurd_eerder))
        if not self.problemen:
            prestaties_opslaan(rijen)

    def _rijen(
        self,
        prestaties: Sequence[Prestatieregel],
        toewijzingen: dict[int, tuple[int, int, str]],
        goedgekeurd_eerder: set[str],
    ) -> Iterator[dict[str, Any]]:
        assert self.declaratie is not None
        geheel = self.antwoord.als_geheel_afgewezen
        client_ids = {bsn: client_id for _, client_id, bsn in toewijzingen.values()}  # as the intake links them
        for p in prestaties:
            lijst = self._over.get((p.bsn, p.referentie_nummer, p.debet_credit))
            codes = lijst.pop(0) if lijst else None
            goed = not geheel and codes is None
            toewijzing = toewijzingen.get(p.toewijzing_nummer)
            if goed:
                self._controleer(p, toewijzing, goedgekeurd_eerder)
            self.ingediend_cent += p.getekend_cent
            self.toegekend_cent += p.getekend_cent if goed else 0
            self.aantallen["goedgekeurd" if goed else "afgewezen"] += 1
            yield {
                "declaratie_id": self.declaratie.pk,
                "volgnummer": p.volgnummer,
                "aanbieder_id": self.declaratie.aanbieder_id,
                "client_id": client_ids.get(p.bsn),
                "toewijzing_id": toewijzing[0] if toewijzing else None,
                "referentie_nummer": p.referentie_nummer,
                "vorig_referentie_nummer": p.vorig_referentie_nummer or "",
                "toewijzing_nummer": p.toewijzing_nummer,
                "product_categorie": p.product_categorie,
                "product_code": p.product_code,
                "begindatum": p.begindatum,
                "einddatum": p.einddatum,
                "geleverd_volume": p.geleverd_volume,
                "eenheid": p.eenheid,
                "product_tarief_cent": p.product_tarief_cent,
                "ingediend_bedrag_cent": p.ingediend_bedrag_cent,
                "debet_credit": p.debet_credit,
                "status": PrestatieStatus.GOEDGEKEURD.value if goed else PrestatieStatus.AFGEWEZEN.value,
                "retour_codes": list(codes or ()),
                "bevindingen": _bevindingen(codes or ()),
                "toegekend_cent": p.getekend_cent if goed else 0,
            }

    def _controleer(self, p: Prestatieregel, toewijzing: tuple[int, int, str] | None, eerder: set[str]) -> None:
        """What an approved prestatie needs to stand here."""
        if toewijzing is None:
            self.problemen.append(
                Probleem(
                    p.volgnummer,
                    f"Prestatie {p.referentie_nummer} is goedgekeurd op toewijzing {p.toewijzing_nummer}, maar die "
                    "toewijzing van deze aanbieder en gemeente is niet bekend (TR338).",
                )
            )
        elif toewijzing[2] != p.bsn:
            self.problemen.append(
                Probleem(
                    p.volgnummer,
                    f"Prestatie {p.referentie_nummer}: toewijzing {p.toewijzing_nummer} hoort bij een andere "
                    "cliënt dan het BSN van de prestatie.",
                )
            )
        if p.referentie_nummer in eerder or p.referentie_nummer in self._goedgekeurd:
            self.problemen.append(
                Probleem(
                    p.volgnummer,
                    f"ReferentieNummer {p.referentie_nummer} is bij deze aanbieder al goedgekeurd; een referentie "
                    "wordt maar één keer goedgekeurd (TR314).",
                )
            )
        self._goedgekeurd.add(p.referentie_nummer)

    def afronden(self) -> Declaratie | None:
        """Every prestatie the 325 lists must be in the 323; then the approved total is recorded."""
        for (_bsn, referentie, dc), lijst in self._over.items():
            for _ in lijst:
                self.problemen.append(
                    Probleem(
                        None,
                        f"De 325 wijst prestatie {referentie} ({'credit' if dc == 'C' else 'debet'}) af, maar die "
                        "staat niet in de 323.",
                    )
                )
        if self.declaratie is not None and not self.problemen and not self.antwoord.als_geheel_afgewezen:
            self.declaratie.totaal_toegekend_cent = self.toegekend_cent
            self.declaratie.save(update_fields=["totaal_toegekend_cent"])
        return self.declaratie

    @property
    def verschil_met_325_cent(self) -> int:
        """Approved here minus what the 325 reports as TotaalToegekendBedrag (0 when they agree)."""
        if self.antwoord.als_geheel_afgewezen:
            return 0
        return self.toegekend_cent - self.antwoord.totaal_toegekend_cent


# --- payments made by the old suite ------------------------------------------------------------------------------


class BetalingFout(Domeinfout):
    """A payment of the old suite that cannot be taken over (Dutch text); nothing was changed."""


@dataclass(frozen=True)
class BetalingOvername:
    """What taking over one payment did: the declaration's month (of the DeclaratiePeriode) and the amount."""

    nieuw: bool
    maand: str
    bedrag_cent: int


@transaction.atomic
def betaling_overnemen(
    *, aanbieder: Aanbieder, declaratie_nummer: str, bedrag_cent: int, betaald_op: date, door: Gebruiker
) -> BetalingOvername:
    """Record that the old suite paid the approved prestaties of one declaration (migratie, sjabloon betalingen):
    each gets its payment line in a batch of status `overgenomen` per municipality and payment date, so no
    payment batch of wmoketen pays it again and the ceilings count it. The whole declaration is paid at once: the
    amount must equal what was approved (credits netted). Paid before (the same lines): nothing changes."""
    declaratie = (
        Declaratie.objects.select_for_update()
        .filter(aanbieder=aanbieder, declaratie_nummer=declaratie_nummer)
        .exclude(status=DeclaratieStatus.AFGEWEZEN)
        .first()
    )
    if declaratie is None:
        raise BetalingFout(
            f"Declaratie {declaratie_nummer} van aanbieder {aanbieder.agb_code} is niet overgenomen (geen 323 met "
            "goedgekeurde prestaties in het archief)."
        )
    maand = f"{declaratie.periode_begin:%Y-%m}"
    goedgekeurd = Prestatie.objects.filter(declaratie=declaratie, status=PrestatieStatus.GOEDGEKEURD)
    open_ = list(goedgekeurd.filter(betaalregel__isnull=True).order_by("volgnummer"))
    if not open_:
        betaald = Betaalregel.objects.filter(prestatie__declaratie=declaratie).aggregate(s=Sum("bedrag_cent"))["s"]
        if goedgekeurd.exists() and betaald == bedrag_cent:
            return BetalingOvername(False, maand, bedrag_cent)
        raise BetalingFout(
            f"Declaratie {declaratie_nummer} heeft geen goedgekeurde prestaties die nog betaald moeten worden."
        )
    if len(open_) != goedgekeurd.count():
        raise BetalingFout(
            f"Declaratie {declaratie_nummer} is al deels betaald; een betaling geldt de hele declaratie."
        )
    totaal = sum(p.toegekend_cent for p in open_)
    if totaal != bedrag_cent:
        raise BetalingFout(
            f"Betaald {format_euro(bedrag_cent)} wijkt af van het goedgekeurde bedrag {format_euro(totaal)} van "
            f"declaratie {declaratie_nummer}; een deelbetaling wordt niet overgenomen."
        )
    batch, _ = Betaalbatch.objects.get_or_create(
        gemeente_id=declaratie.gemeente_id,
        status=BatchStatus.OVERGENOMEN,
        vervaldatum=betaald_op,
        defaults={"aangemaakt_door": door, "totaal_cent": 0},
    )
    Betaalregel.objects.bulk_create(
        Betaalregel(batch=batch, aanbieder=aanbieder, prestatie=p, bedrag_cent=p.toegekend_cent, vervaldatum=betaald_op)
        for p in open_
    )
    Betaalbatch.objects.filter(pk=batch.pk).update(totaal_cent=F("totaal_cent") + totaal)
    return BetalingOvername(True, maand, totaal)
