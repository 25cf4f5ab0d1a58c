"""What each letter says. Every function returns a `Briefinhoud`; the engine (`opmaak.py`) adds the letterhead,
the address, the signature and, for a decision, the objection clause. The legal references are listed with what
was checked in docs/brieven.md."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .constants import AfhandelingSoort, Afwijzingsgrond, BezwaarUitkomst, TermijnCode
from .domain import TERMIJNEN, Bezwaartermijnen, beschikking_uiterlijk
from .models import Afhandeling, Bezwaar, Melding
from .opmaak import TUSSENKOP, Briefinhoud, lange_datum, p, tabel

GRONDEN: dict[str, str] = {
    Afwijzingsgrond.EIGEN_KRACHT: (
        "Wij verstrekken een maatwerkvoorziening alleen voor zover u de beperkingen in uw zelfredzaamheid of "
        "participatie niet op eigen kracht, met gebruikelijke hulp, met mantelzorg of met hulp van andere personen "
        "uit uw sociale netwerk kunt verminderen of wegnemen (artikel 2.3.5, derde lid, Wmo 2015)."
    ),
    Afwijzingsgrond.ALGEMENE_VOORZIENING: (
        "Wij verstrekken een maatwerkvoorziening alleen voor zover u de beperkingen niet met gebruikmaking van "
        "algemene voorzieningen kunt verminderen of wegnemen (artikel 2.3.5, derde lid, Wmo 2015)."
    ),
    Afwijzingsgrond.GEEN_BEPERKING: (
        "Een maatwerkvoorziening compenseert beperkingen in de zelfredzaamheid of participatie (artikel 2.3.5, "
        "derde lid, Wmo 2015). Uit het onderzoek blijkt niet dat u zulke beperkingen heeft."
    ),
    Afwijzingsgrond.VOORLIGGEND: (
        "Een maatwerkvoorziening wordt niet verstrekt voor zover een voorziening op grond van een andere wet voorgaat, "
        "zoals de Wet langdurige zorg of de Zorgverzekeringswet (Wmo 2015 en de verordening maatschappelijke "
        "ondersteuning van de gemeente)."
    ),
}


def kenmerk(prefix: str, pk: int) -> str:
    return f"WMO-{prefix}-{pk:06d}"


def ontvangst_melding(melding: Melding, datum: date) -> Briefinhoud:
    """The receipt of a melding, with the date that starts the six weeks of the onderzoek (art. 2.3.2 lid 1)."""
    uiterlijk = TERMIJNEN[TermijnCode.ONDERZOEK].uiterlijk(melding.melddatum)
    return Briefinhoud(
        onderwerp="Ontvangstbevestiging van uw melding",
        kenmerk=kenmerk("MLD", melding.pk),
        datum=datum,
        verhaal=[
            p(
                f"Op {lange_datum(melding.melddatum)} heeft u bij ons gemeld dat u ondersteuning nodig heeft. Met "
                "deze brief bevestigen wij dat wij uw melding hebben ontvangen."
            ),
            p("Wat gebeurt er nu?", TUSSENKOP),
            p(
                "Een consulent neemt contact met u op voor een gesprek, meestal bij u thuis. Samen kijken we wat u "
                "nodig heeft en wat u zelf of met hulp van uw omgeving kunt doen. U mag iemand meenemen naar het "
                "gesprek, bijvoorbeeld een familielid of een onafhankelijke cliëntondersteuner; die ondersteuning is "
                "gratis. U mag ons ook een persoonlijk plan geven waarin u zelf beschrijft wat u nodig heeft."
            ),
            tabel(
                [
                    ["", "Datum", "Grondslag"],
                    ["Melding ontvangen", lange_datum(melding.melddatum), ""],
                    [
                        "Onderzoek uiterlijk afgerond",
                        lange_datum(uiterlijk),
                        "artikel 2.3.2, eerste lid, Wmo 2015: binnen zes weken na de melding",
                    ],
                ],
                [52 * mm, 38 * mm, 76 * mm],
            ),
        ],
    )


def ontvangst_aanvraag(melding: Melding, datum: date) -> Briefinhoud:
    """The receipt of the aanvraag (the signed onderzoeksverslag), with the decision's due date."""
    assert melding.aanvraag_op is not None
    uiterlijk = beschikking_uiterlijk(melddatum=melding.melddatum, aanvraag_op=melding.aanvraag_op)
    return Briefinhoud(
        onderwerp="Ontvangstbevestiging van uw aanvraag",
        kenmerk=kenmerk("AVR", melding.pk),
        datum=datum,
        verhaal=[
            p(
                f"Op {lange_datum(melding.aanvraag_op)} heeft u het verslag van ons onderzoek ondertekend. Daarmee "
                "heeft u een aanvraag gedaan voor een maatwerkvoorziening. Wij bevestigen dat wij uw aanvraag hebben "
                "ontvangen."
            ),
            tabel(
                [
                    ["", "Datum", "Grondslag"],
                    ["Melding ontvangen", lange_datum(melding.melddatum), ""],
                    ["Aanvraag ontvangen", lange_datum(melding.aanvraag_op), ""],
                    [
                        "Besluit uiterlijk",
                        lange_datum(uiterlijk),
                        "artikel 2.3.5 Wmo 2015: binnen twee weken na de aanvraag, en nooit meer dan acht weken "
                        "na de melding",
                    ],
                ],
                [52 * mm, 38 * mm, 76 * mm],
            ),
            p("U krijgt ons besluit schriftelijk; tegen dat besluit kunt u bezwaar maken."),
        ],
    )


def afhandeling_inhoud(a: Afhandeling) -> Briefinhoud:
    return {
        AfhandelingSoort.AFWIJZING: _afwijzing,
        AfhandelingSoort.BUITEN_BEHANDELING: _buiten_behandeling,
        AfhandelingSoort.INTREKKING: _intrekking,
        AfhandelingSoort.ALGEMENE_VOORZIENING: _algemene_voorziening,
    }[AfhandelingSoort(a.soort)](a)


def _afwijzing(a: Afhandeling) -> Briefinhoud:
    melding = a.melding
    grond = GRONDEN.get(a.grondslag, "")
    verhaal: list[Flowable] = [
        p(
            f"Op {lange_datum(melding.melddatum)} heeft u een melding gedaan voor ondersteuning. Na ons onderzoek "
            f"heeft u op {lange_datum(melding.aanvraag_op)} een aanvraag gedaan voor een maatwerkvoorziening. In "
            "deze brief leest u ons besluit."
        ),
        p("Ons besluit", TUSSENKOP),
        p("Wij wijzen uw aanvraag voor een maatwerkvoorziening af."),
        p("Waarom wijzen wij uw aanvraag af?", TUSSENKOP),
        p(a.redenen),
    ]
    if grond:
        verhaal += [p("Wettelijke grondslag", TUSSENKOP), p(grond)]
    verhaal.append(
        p(
            "Wij baseren dit besluit op de Wet maatschappelijke ondersteuning 2015 en de verordening maatschappelijke "
            f"ondersteuning van de gemeente {melding.client.gemeente.naam}."
        )
    )
    return Briefinhoud(
        onderwerp="Beschikking: afwijzing aanvraag maatwerkvoorziening Wmo 2015",
        kenmerk=kenmerk("AFW", a.pk),
        datum=a.datum,
        verhaal=verhaal,
        besluit=True,
    )


def _buiten_behandeling(a: Afhandeling) -> Briefinhoud:
    assert a.hersteltermijn_tot is not None
    return Briefinhoud(
        onderwerp="Besluit: uw aanvraag wordt niet behandeld",
        kenmerk=kenmerk("BBH", a.pk),
        datum=a.datum,
        verhaal=[
            p(
                f"Wij hebben u gevraagd uw aanvraag aan te vullen, uiterlijk op {lange_datum(a.hersteltermijn_tot)}. "
                "Wij hebben de gevraagde gegevens niet (volledig) ontvangen:"
            ),
            p(a.redenen),
            p("Ons besluit", TUSSENKOP),
            p(
                "Zonder deze gegevens kunnen wij uw aanvraag niet beoordelen. Wij nemen uw aanvraag daarom niet in "
                "behandeling (artikel 4:5, eerste lid, Algemene wet bestuursrecht). U kunt altijd opnieuw een melding "
                "doen of een nieuwe aanvraag indienen, met de gegevens die ontbraken."
            ),
        ],
        besluit=True,
    )


def _intrekking(a: Afhandeling) -> Briefinhoud:
    return Briefinhoud(
        onderwerp="Bevestiging: u heeft uw melding ingetrokken",
        kenmerk=kenmerk("INT", a.pk),
        datum=a.datum,
        verhaal=[
            p(
                f"U heeft ons laten weten dat u uw melding van {lange_datum(a.melding.melddatum)} intrekt. Wij "
                "bevestigen dat wij uw melding niet verder behandelen."
            ),
            *([p(a.redenen)] if a.redenen else []),
            p(
                "Heeft u later toch ondersteuning nodig, dan kunt u op elk moment opnieuw een melding doen. Was dit "
                "niet uw bedoeling, neem dan binnen twee weken contact met ons op."
            ),
        ],
    )


def _algemene_voorziening(a: Afhandeling) -> Briefinhoud:
    return Briefinhoud(
        onderwerp="Afsluiting van uw melding: algemene voorziening",
        kenmerk=kenmerk("ALG", a.pk),
        datum=a.datum,
        verhaal=[
            p(
                f"Op {lange_datum(a.melding.melddatum)} heeft u een melding gedaan voor ondersteuning. In het gesprek "
                "hebben wij samen gekeken wat u nodig heeft. Wij hebben afgesproken dat u gebruik gaat maken van een "
                "algemene voorziening:"
            ),
            p(a.algemene_voorziening, TUSSENKOP),
            *([p(a.redenen)] if a.redenen else []),
            p(
                "Voor een algemene voorziening is geen beschikking nodig. Wij sluiten uw melding daarom af. Wilt u "
                "toch een maatwerkvoorziening aanvragen, dan kunt u een aanvraag indienen; daarop nemen wij een "
                "besluit waartegen u bezwaar kunt maken."
            ),
        ],
    )


def ontvangst_bezwaar(b: Bezwaar, termijnen: Bezwaartermijnen, datum: date) -> Briefinhoud:
    verhaal: list[Flowable] = [
        p(
            f"Op {lange_datum(b.ontvangen_op)} hebben wij uw bezwaarschrift ontvangen tegen ons besluit "
            f"'{b.besluit_omschrijving}' van {lange_datum(b.besluit_verzonden_op)}. Met deze brief bevestigen wij de "
            "ontvangst."
        ),
        tabel(
            [
                ["", "Datum", "Grondslag"],
                [
                    "Bezwaartermijn tot en met",
                    lange_datum(termijnen.indienen_uiterlijk),
                    "artikel 6:7 en 6:8 Awb: zes weken na verzending van het besluit",
                ],
                [
                    "Wij beslissen uiterlijk",
                    lange_datum(termijnen.beslissen_uiterlijk),
                    "artikel 7:10 Awb: "
                    + (
                        "twaalf weken, omdat een onafhankelijke adviescommissie u hoort (artikel 7:13 Awb)"
                        if b.adviescommissie
                        else "zes weken na afloop van de bezwaartermijn"
                    ),
                ],
            ],
            [52 * mm, 38 * mm, 76 * mm],
        ),
    ]
    if not termijnen.tijdig and not b.verschoonbaar:
        verhaal.append(
            p(
                "Uw bezwaarschrift is na afloop van de bezwaartermijn ontvangen. Als u een reden heeft waarom u niet "
                "eerder bezwaar kon maken, laat ons die dan weten; anders kunnen wij uw bezwaar niet inhoudelijk "
                "behandelen (artikel 6:11 Awb)."
            )
        )
    verhaal.append(
        p(
            "Het besluit blijft gelden zolang wij op uw bezwaar beslissen. Wij nodigen u uit om uw bezwaar "
            "mondeling toe te lichten (horen)."
        )
    )
    return Briefinhoud(
        onderwerp="Ontvangstbevestiging van uw bezwaarschrift",
        kenmerk=kenmerk("BZW", b.pk),
        datum=datum,
        verhaal=verhaal,
    )


UITKOMST_TEKST = {
    BezwaarUitkomst.GEGROND: (
        "Wij verklaren uw bezwaar gegrond. Wij herroepen ons besluit en nemen een nieuw besluit op uw aanvraag. "
        "Een consulent neemt daarvoor contact met u op."
    ),
    BezwaarUitkomst.ONGEGROND: "Wij verklaren uw bezwaar ongegrond. Ons besluit blijft zoals het was.",
    BezwaarUitkomst.NIET_ONTVANKELIJK: (
        "Wij verklaren uw bezwaar niet-ontvankelijk: wij kunnen het niet inhoudelijk behandelen."
    ),
    BezwaarUitkomst.INGETROKKEN: "U heeft uw bezwaar ingetrokken. Wij behandelen het niet verder.",
}


def beslissing_bezwaar(b: Bezwaar) -> Briefinhoud:
    assert b.beslist_op is not None
    uitkomst = BezwaarUitkomst(b.uitkomst)
    verhaal: list[Flowable] = [
        p(
            f"Op {lange_datum(b.ontvangen_op)} heeft u bezwaar gemaakt tegen ons besluit '{b.besluit_omschrijving}' "
            f"van {lange_datum(b.besluit_verzonden_op)}. In deze brief leest u onze beslissing op uw bezwaar."
        ),
        p("Onze beslissing", TUSSENKOP),
        p(UITKOMST_TEKST[uitkomst]),
    ]
    if b.toelichting_uitkomst:
        verhaal += [p("Waarom?", TUSSENKOP), p(b.toelichting_uitkomst)]
    if uitkomst != BezwaarUitkomst.INGETROKKEN:
        verhaal += [
            p("Bent u het niet eens met deze beslissing?", TUSSENKOP),
            p(
                "Dan kunt u in beroep gaan bij de rechtbank. Dat doet u binnen zes weken na de dag waarop deze brief "
                "is verzonden (artikel 6:7 en 8:1 Algemene wet bestuursrecht). De rechtbank vraagt griffierecht."
            ),
        ]
    return Briefinhoud(
        onderwerp="Beslissing op uw bezwaar",
        kenmerk=kenmerk("BOB", b.pk),
        datum=b.beslist_op,
        verhaal=verhaal,
        bijlagen=[Spacer(1, 2 * mm)],
    )


def beeindiging(
    *,
    reden: str,
    toelichting: str,
    per: date,
    voorzieningen: list[tuple[str, str, str]],
    pk: int,
    datum: date,
) -> Briefinhoud:
    """The decision to end provisions (an intrekking of the beschikking in so far): which, from when, why.
    `voorzieningen` are (product, aanbieder, periode) rows; `reden` is the Dutch reason."""
    return Briefinhoud(
        onderwerp="Beschikking: beëindiging van uw maatwerkvoorziening",
        kenmerk=kenmerk("BEE", pk),
        datum=datum,
        verhaal=[
            p(
                f"Wij beëindigen de volgende ondersteuning met ingang van {lange_datum(per)} "
                f"(de laatste dag waarop u ondersteuning krijgt is {lange_datum(per)}):"
            ),
            tabel(
                [["Voorziening", "Aanbieder", "Was toegekend"], *map(list, voorzieningen)], [66 * mm, 50 * mm, 50 * mm]
            ),
            p("Waarom?", TUSSENKOP),
            p(reden + (f" {toelichting}" if toelichting else "")),
            p(
                "Wij hebben uw aanbieder laten weten dat de ondersteuning stopt. Verandert uw situatie weer, dan kunt "
                "u opnieuw een melding doen."
            ),
        ],
        besluit=True,
    )
