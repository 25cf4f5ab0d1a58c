"""Objection (bezwaar) and appeal (beroep) against a decision, with the terms of the Awb (`domain.bezwaartermijnen`,
docs/toegang.md). Each service runs in one transaction and writes its letter in it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker

from . import briefteksten, klok
from .brieven import brief_maken
from .constants import BezwaarUitkomst, BriefSoort, StapSoort
from .domain import Bezwaartermijnen, bezwaartermijnen
from .fouten import ToegangFout
from .huisstijl import huisstijl_van, huisstijl_voor
from .models import Bezwaar, Brief, Melding, Stap
from .opmaak import Briefinhoud, lange_datum, p
from .services import _bijwerken, regio_voor


def termijnen_van(b: Bezwaar) -> Bezwaartermijnen:
    return bezwaartermijnen(
        verzonden_op=b.besluit_verzonden_op,
        ontvangen_op=b.ontvangen_op,
        ter_post_op=b.ter_post_op,
        adviescommissie=b.adviescommissie,
        verdaagd_tot=b.verdaagd_tot,
        uitgesteld_tot=b.uitgesteld_tot,
    )


def _consulent(door: Gebruiker, b_client_gemeente_id: int) -> None:
    if door.rol != Rol.CONSULENT:
        raise ToegangFout("Alleen een consulent legt een bezwaar vast.")
    if not door.gemeenten.filter(pk=b_client_gemeente_id).exists():
        raise ToegangFout("Deze cliënt woont niet in een van uw gemeenten.")


def _vergrendeld(bezwaar: Bezwaar) -> Bezwaar:
    # of=self: the melding is nullable (an objection against a letter without a melding); PostgreSQL cannot lock
    # the nullable side of the outer join select_related makes.
    return (
        Bezwaar.objects.select_for_update(of=("self",))
        .select_related("client__gemeente", "melding__regio")
        .get(pk=bezwaar.pk)
    )


def _brief(soort: BriefSoort, b: Bezwaar, inhoud: Briefinhoud, door: Gebruiker) -> Brief:
    melding = b.melding
    huisstijl = (
        huisstijl_voor(melding)
        if melding is not None
        else huisstijl_van(
            instellingen=regio_voor(gemeente=b.client.gemeente, door=door, op=b.ontvangen_op).instellingen,
            cbs_code=b.client.gemeente.cbs_code,
            gemeentenaam=b.client.gemeente.naam,
        )
    )
    brief = brief_maken(soort=soort, client=b.client, melding=melding, huisstijl=huisstijl, inhoud=inhoud, door=door)
    if melding is not None:
        Stap.objects.create(
            melding=melding, soort=StapSoort.BEZWAAR, datum=brief.datum, door=door,
            omschrijving=f"{brief.get_soort_display()} ({brief.kenmerk})",
        )  # fmt: skip
    return brief


@transaction.atomic
def bezwaar_registreren(
    *,
    door: Gebruiker,
    besluit: Brief,
    ontvangen_op: date,
    gronden: str = "",
    ter_post_op: date | None = None,
    adviescommissie: bool = False,
    verschoonbaar: bool = False,
) -> Bezwaar:
    """Register an objection against a decision letter. The terms are computed from the sending date of the
    decision; a late objection is registered (it must be decided on), marked late unless excusable (6:11)."""
    client = besluit.client
    _consulent(door, client.gemeente_id)
    if not besluit.besluit:
        raise ToegangFout(f"Tegen '{besluit.get_soort_display()}' staat geen bezwaar open: het is geen besluit.")
    if ontvangen_op < besluit.datum:
        raise ToegangFout("Het bezwaarschrift kan niet vóór het besluit zijn ontvangen.")
    if ontvangen_op > klok.vandaag():
        raise ToegangFout(f"De ontvangstdatum kan niet in de toekomst liggen ({ontvangen_op:%d-%m-%Y}).")
    if ter_post_op is not None and not besluit.datum <= ter_post_op <= ontvangen_op:
        raise ToegangFout("De datum van het poststempel ligt tussen het besluit en de ontvangst.")
    if Bezwaar.objects.filter(besluit=besluit, uitkomst="").exists():
        raise ToegangFout("Tegen dit besluit loopt al een bezwaar; vul dat aan in plaats van een tweede te openen.")
    termijnen = bezwaartermijnen(
        verzonden_op=besluit.datum, ontvangen_op=ontvangen_op, ter_post_op=ter_post_op, adviescommissie=adviescommissie
    )
    b = Bezwaar.objects.create(
        client=client,
        melding=besluit.melding,
        besluit=besluit,
        besluit_omschrijving=f"{besluit.onderwerp} ({besluit.kenmerk})",
        besluit_verzonden_op=besluit.datum,
        ontvangen_op=ontvangen_op,
        ter_post_op=ter_post_op,
        gronden=gronden.strip(),
        adviescommissie=adviescommissie,
        verschoonbaar=verschoonbaar,
        tijdig=termijnen.tijdig,
        beslissen_uiterlijk=termijnen.beslissen_uiterlijk,
        geregistreerd_door=door,
    )
    _brief(BriefSoort.ONTVANGST_BEZWAAR, b, briefteksten.ontvangst_bezwaar(b, termijnen, klok.vandaag()), door)
    return b


@transaction.atomic
def bezwaar_verdagen(
    *, door: Gebruiker, bezwaar: Bezwaar, verdaagd_tot: date | None, uitgesteld_tot: date | None, reden: str = ""
) -> Bezwaar:
    """Postpone the decision: at most six weeks beyond the legal term (7:10 lid 3); further only with consent or
    for a legal procedure (lid 4, the reason is recorded). The client is told in writing (lid 5)."""
    b = _vergrendeld(bezwaar)
    _consulent(door, b.client.gemeente_id)
    if not b.is_open:
        raise ToegangFout("Op dit bezwaar is al beslist.")
    wettelijk = termijnen_van(b)
    if verdaagd_tot is not None and verdaagd_tot > wettelijk.verdagen_uiterlijk:
        raise ToegangFout(
            f"Verdagen kan hoogstens zes weken (Awb art. 7:10 lid 3): uiterlijk tot "
            f"{wettelijk.verdagen_uiterlijk:%d-%m-%Y}. Langer uitstel alleen met instemming (lid 4)."
        )
    if uitgesteld_tot is not None and not reden.strip():
        raise ToegangFout("Verder uitstel kan alleen met instemming of voor een wettelijke procedure: noem de reden.")
    if verdaagd_tot is None and uitgesteld_tot is None:
        raise ToegangFout("Vul een datum in tot wanneer de beslissing wordt verdaagd of uitgesteld.")
    b.verdaagd_tot = verdaagd_tot or b.verdaagd_tot
    b.uitgesteld_tot = uitgesteld_tot or b.uitgesteld_tot
    b.uitstel_reden = reden.strip() or b.uitstel_reden
    b.beslissen_uiterlijk = termijnen_van(b).beslissen_uiterlijk
    b.save(update_fields=["verdaagd_tot", "uitgesteld_tot", "uitstel_reden", "beslissen_uiterlijk"])
    inhoud = Briefinhoud(
        onderwerp="Verdaging van de beslissing op uw bezwaar",
        kenmerk=briefteksten.kenmerk("VRD", b.pk),
        datum=klok.vandaag(),
        verhaal=[
            p(
                f"Wij hebben meer tijd nodig om te beslissen op uw bezwaar van {lange_datum(b.ontvangen_op)}. Wij "
                f"beslissen uiterlijk op {lange_datum(b.beslissen_uiterlijk)} (artikel 7:10 Algemene wet "
                "bestuursrecht)." + (f" {b.uitstel_reden}" if b.uitstel_reden else "")
            )
        ],
    )
    _brief(BriefSoort.VERDAGING_BEZWAAR, b, inhoud, door)
    return b


@transaction.atomic
def bezwaar_beslissen(
    *, door: Gebruiker, bezwaar: Bezwaar, uitkomst: str, beslist_op: date, toelichting: str = ""
) -> Bezwaar:
    """Decide once. Gegrond: the decision is reconsidered through a new melding on the normal path (onderzoek,
    plan, new beschikking); the new melding is linked to the objection."""
    b = _vergrendeld(bezwaar)
    _consulent(door, b.client.gemeente_id)
    if not b.is_open:
        raise ToegangFout(f"Op dit bezwaar is al beslist ({b.get_uitkomst_display().lower()}).")
    if uitkomst not in BezwaarUitkomst.values:
        raise ToegangFout("Kies de uitkomst van het bezwaar.")
    if beslist_op < b.ontvangen_op:
        raise ToegangFout("De beslissing kan niet vóór de ontvangst van het bezwaar liggen.")
    if beslist_op > klok.vandaag():
        raise ToegangFout(f"De beslisdatum kan niet in de toekomst liggen ({beslist_op:%d-%m-%Y}).")
    if uitkomst in (BezwaarUitkomst.GEGROND, BezwaarUitkomst.ONGEGROND, BezwaarUitkomst.NIET_ONTVANKELIJK) and not (
        toelichting.strip()
    ):
        raise ToegangFout("Motiveer de beslissing op bezwaar; de motivering staat in de brief.")
    b.uitkomst, b.beslist_op, b.toelichting_uitkomst = uitkomst, beslist_op, toelichting.strip()
    if uitkomst == BezwaarUitkomst.GEGROND:
        b.vervolgmelding = _heroverweging(b, door)
    b.save(update_fields=["uitkomst", "beslist_op", "toelichting_uitkomst", "vervolgmelding"])
    _brief(BriefSoort.BESLISSING_BEZWAAR, b, briefteksten.beslissing_bezwaar(b), door)
    return b


def _heroverweging(b: Bezwaar, door: Gebruiker) -> Melding:
    """The new melding for the reconsidered decision (no receipt letter: the decision on the objection says it)."""
    op = b.beslist_op or klok.vandaag()
    regio = b.melding.regio if b.melding is not None else regio_voor(gemeente=b.client.gemeente, door=door, op=op)
    melding = Melding.objects.create(
        client=b.client,
        regio=regio,
        melddatum=op,
        omschrijving=f"Heroverweging na gegrond bezwaar tegen {b.besluit_omschrijving}"[:500],
        consulent=door,
        geregistreerd_door=door,
    )
    Stap.objects.create(
        melding=melding, soort=StapSoort.MELDING, datum=melding.melddatum, door=door,
        omschrijving=f"Uit gegrond bezwaar van {b.ontvangen_op:%d-%m-%Y}",
    )  # fmt: skip
    _bijwerken(melding)
    return melding


@transaction.atomic
def beroep_registreren(
    *, door: Gebruiker, bezwaar: Bezwaar, ingesteld_op: date, uitkomst: str = "", uitspraak_op: date | None = None
) -> Bezwaar:
    """The client went to court against the decision on the objection (beroep, Awb art. 8:1), and later its
    judgment."""
    b = _vergrendeld(bezwaar)
    _consulent(door, b.client.gemeente_id)
    if b.beslist_op is None:
        raise ToegangFout("Beroep volgt op de beslissing op bezwaar; die is er nog niet.")
    if ingesteld_op < b.beslist_op or ingesteld_op > klok.vandaag():
        raise ToegangFout("Het beroep ligt na de beslissing op bezwaar en niet in de toekomst.")
    if uitkomst and uitkomst not in BezwaarUitkomst.values:
        raise ToegangFout("Kies de uitkomst van het beroep.")
    if uitkomst and (uitspraak_op is None or uitspraak_op < ingesteld_op):
        raise ToegangFout("Vul de datum van de uitspraak in (na het instellen van het beroep).")
    b.beroep_ingesteld_op, b.beroep_uitkomst, b.beroep_uitspraak_op = ingesteld_op, uitkomst, uitspraak_op
    b.save(update_fields=["beroep_ingesteld_op", "beroep_uitkomst", "beroep_uitspraak_op"])
    return b
