"""The beschikking (zorg in natura or pgb) and the ondersteuningsplan: their content; the letterhead, address,
signature and objection clause come from the one letter engine (`opmaak.py`)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from wmoketen.catalogus.models import Tarief
from wmoketen.contracten import weergave
from wmoketen.core.geldigheid import rij_geldig_op_of_laatste_ervoor
from wmoketen.core.money import format_euro

from .constants import TermijnCode, Verstrekkingsvorm
from .domain import TERMIJNEN, beschikking_uiterlijk
from .huisstijl import huisstijl_voor
from .instellingen import termijnen_van_regio
from .models import Beschikking, Ondersteuningsplan, Onderzoeksverslag, PlanProduct
from .opmaak import KLEIN, TUSSENKOP, Briefinhoud, brief_pdf, lange_datum, naam_van
from .opmaak import p as _p
from .opmaak import tabel as _tabel


def planproduct_omvang(pp: PlanProduct, op: date) -> tuple[str, str]:
    """(funding model, extent) of a product in a plan, as the plan, the decision letter and the plan page show it:
    'maximaal € 4.500,00', '€ 510,00 per maand', '3 uur per week' (contracten.weergave)."""
    product = pp.product
    bekostiging = rij_geldig_op_of_laatste_ervoor(product.bekostigingen.all(), op)
    tarief: Tarief | None = rij_geldig_op_of_laatste_ervoor(Tarief.objects.filter(product=product), op)
    model = bekostiging.get_model_display() if bekostiging else "–"
    if bekostiging and bekostiging.model == "budget" and bekostiging.maximum_budget_cent:
        omvang = f"maximaal {weergave.euro(bekostiging.maximum_budget_cent)}"
    elif bekostiging and bekostiging.model in {"traject", "profiel"} and tarief:
        omvang = weergave.bedrag_per(tarief.bedrag_cent, tarief.get_per_display())
    elif pp.volume:
        eenheid = bekostiging.eenheid if bekostiging else ""
        per = "4 weken" if product.categorie == "04" else "week"
        omvang = f"{weergave.volume(pp.volume, eenheid)} per {per}"
    else:
        omvang = "–"
    return model, omvang


def _producten(plan: Ondersteuningsplan, op: date) -> Flowable:
    rijen = [["Product", "Segment / perceel", "Bekostiging", "Omvang", "Aanbieder"]]
    for pp in plan.producten.all():
        product = pp.product
        model, omvang = planproduct_omvang(pp, op)
        segment = product.perceel.segment
        rijen.append(
            [
                f"{product.productcode} {product.naam}",
                f"{segment.code} {segment.naam} / {product.perceel.naam}",
                model,
                omvang,
                plan.aanbieder.naam,
            ]
        )
    return _tabel(rijen, [42 * mm, 40 * mm, 28 * mm, 26 * mm, 30 * mm])


def _beoordeling(plan: Ondersteuningsplan) -> list[Flowable]:
    rijen = [
        ["Criterium", "Score"],
        ["1. Veiligheid van cliënt en omgeving", plan.score_veiligheid],
        ["2. Balans tussen beschermende en risicofactoren", plan.score_balans],
        ["3. Afstand tot het beoogde resultaat", plan.score_afstand],
        ["4. Zelfredzaamheid van cliënt en netwerk", plan.score_zelfredzaamheid],
        ["5. Mate van medewerking van cliënt en netwerk", plan.score_medewerking],
        [
            f"Uitkomst beoordelingsinstrument ({plan.uitkomst_punten} punten)",
            f"categorie {plan.uitkomst_categorie}, {plan.uitkomst_intensiteit}",
        ],
        ["Oordeel regisseur", f"categorie {plan.oordeel_categorie}, {plan.oordeel_intensiteit}"],
    ]
    out: list[Flowable] = [_tabel(rijen, [120 * mm, 46 * mm])]
    if plan.wijkt_af:
        out.append(_p(f"Motivatie van de afwijking: {plan.motivatie_afwijking}"))
    if plan.motivatie_product:
        out.append(_p(f"Motivatie van de productkeuze: {plan.motivatie_product}"))
    return out


def _plan_inhoud(plan: Ondersteuningsplan) -> list[Flowable]:
    out: list[Flowable] = [
        _tabel(
            [
                ["Reden", plan.get_reden_display()],
                ["Verstrekkingsvorm", plan.get_verstrekkingsvorm_display()],
                ["Aanbieder (keuze cliënt)", plan.aanbieder.naam],
                ["Indicatietermijn", f"{plan.termijn_maanden} maanden ({plan.get_perspectief_display().lower()})"],
                ["Vervoer", plan.get_vervoer_display() if plan.vervoer else "geen"],
                [
                    "Kortdurend verblijf",
                    f"{plan.kortdurend_verblijf_etmalen} etmalen per 4 weken"
                    if plan.kortdurend_verblijf_etmalen
                    else "geen",
                ],
                [
                    "Ondertekend",
                    f"cliënt {lange_datum(plan.ondertekend_client_op)}, "
                    f"gemeente {lange_datum(plan.ondertekend_gemeente_op)}"
                    if plan.is_ondertekend
                    else "nog niet ondertekend (concept)",
                ],
            ],
            [50 * mm, 116 * mm],
            kop=False,
        ),
        _p("Beoordelingsinstrument", TUSSENKOP),
        *_beoordeling(plan),
    ]
    if plan.toelichting:
        out.append(_p(plan.toelichting))
    deel2 = plan.deel2_versies.filter(vervangen_door__isnull=True).order_by("-versie").first()
    if deel2 is not None:
        out.append(_p(f"Deel 2 (aanbieder), versie {deel2.versie}", TUSSENKOP))
        rijen = [["Resultaat", "Activiteiten", "Frequentie"]]
        rijen += [
            [f"{r.resultaat_code} {r.resultaat} ({r.leefgebied.naam})", r.activiteiten, r.frequentie]
            for r in deel2.resultaten.select_related("leefgebied")
        ]
        out.append(_tabel(rijen, [60 * mm, 76 * mm, 30 * mm]))
        out.append(
            _p(
                f"Ondertekend door cliënt op {lange_datum(deel2.ondertekend_client_op)} en door de aanbieder op "
                f"{lange_datum(deel2.ondertekend_aanbieder_op)}.",
                KLEIN,
            )
        )
    return out


def beschikking_inhoud(beschikking: Beschikking) -> Briefinhoud:
    """The decision: decision, products, lot/segment, funding, term (for a pgb: the budget per year), the deadline
    facts, with the onderzoeksverslag and the plan as annexes."""
    plan = beschikking.plan
    melding = beschikking.melding
    client = melding.client
    verslag: Onderzoeksverslag = beschikking.verslag
    gemeente = client.gemeente.naam
    aanvraag = melding.aanvraag_op or beschikking.besluitdatum
    onderzoek_uiterlijk = TERMIJNEN[TermijnCode.ONDERZOEK].uiterlijk(melding.melddatum)
    besluit_uiterlijk = beschikking_uiterlijk(melddatum=melding.melddatum, aanvraag_op=aanvraag)
    pgb = plan.verstrekkingsvorm == Verstrekkingsvorm.PGB
    periode = (
        f"van {lange_datum(beschikking.ingangsdatum)} tot en met {lange_datum(beschikking.einddatum)} "
        f"({plan.termijn_maanden} maanden)"
    )
    verhaal: list[Flowable] = [
        _p(
            f"Op {lange_datum(melding.melddatum)} heeft u bij ons een melding gedaan voor ondersteuning. Wij hebben "
            f"samen met u onderzocht wat u nodig heeft; dat staat in het onderzoeksverslag. Op "
            f"{lange_datum(aanvraag)} heeft u het onderzoeksverslag ondertekend: dat is uw aanvraag. In deze brief "
            "leest u ons besluit."
        ),
        _p("Ons besluit", TUSSENKOP),
    ]
    if pgb:
        bedrag = beschikking.pgb_jaarbedrag_cent or 0
        verhaal += [
            _p(
                f"Wij kennen u een persoonsgebonden budget (pgb) toe van {format_euro(bedrag)} per jaar, {periode}. "
                "Met dit budget koopt u zelf de ondersteuning in die hieronder staat. De Sociale Verzekeringsbank "
                "(SVB) beheert het budget en betaalt uw zorgverlener namens u (trekkingsrecht); u ontvangt het geld "
                "niet zelf. Het budget is bedoeld voor:"
            ),
            Spacer(1, 2 * mm),
            _producten(plan, beschikking.ingangsdatum),
            Spacer(1, 2 * mm),
            _p(
                "U bent verantwoordelijk voor een goede besteding: u sluit zelf een zorgovereenkomst met uw "
                "zorgverlener en legt de overeenkomst voor aan de SVB."
            ),
        ]
    else:
        verhaal += [
            _p(
                f"Wij kennen u de volgende maatwerkvoorziening toe als {plan.get_verstrekkingsvorm_display().lower()}, "
                f"{periode}:"
            ),
            Spacer(1, 2 * mm),
            _producten(plan, beschikking.ingangsdatum),
            Spacer(1, 2 * mm),
            _p(
                f"De ondersteuning wordt geleverd door {plan.aanbieder.naam}, de aanbieder die u zelf heeft gekozen. "
                "Wij geven de aanbieder opdracht om de ondersteuning te leveren zoals afgesproken in uw "
                "ondersteuningsplan."
            ),
        ]
    if beschikking.toelichting:
        verhaal.append(_p(beschikking.toelichting))
    verhaal += [
        _p("Waarom dit besluit?", TUSSENKOP),
        _p(
            f"Uit het onderzoek blijkt dat u ondersteuning nodig heeft om zelfredzaam te zijn en mee te doen. Het "
            f"beoordelingsinstrument geeft categorie {plan.uitkomst_categorie}, {plan.uitkomst_intensiteit}; de "
            f"consulent beoordeelt uw situatie als categorie {plan.oordeel_categorie}, {plan.oordeel_intensiteit}. "
            "Wij baseren dit besluit op de Wet maatschappelijke ondersteuning 2015 (Wmo 2015) en de verordening "
            f"maatschappelijke ondersteuning van de gemeente {gemeente}."
        ),
        _p("Termijnen", TUSSENKOP),
        _tabel(
            [
                ["Stap", "Datum", "Wettelijke termijn"],
                ["Melding ontvangen", lange_datum(melding.melddatum), ""],
                [
                    "Onderzoek afgerond",
                    lange_datum(verslag.vastgelegd_op.date()),
                    f"uiterlijk {lange_datum(onderzoek_uiterlijk)} (artikel 2.3.2 lid 1 Wmo 2015: zes weken)",
                ],
                ["Aanvraag ontvangen", lange_datum(aanvraag), ""],
                [
                    "Besluit genomen",
                    lange_datum(beschikking.besluitdatum),
                    f"uiterlijk {lange_datum(besluit_uiterlijk)} (artikel 2.3.5 lid 1 Wmo 2015: twee weken na de "
                    "aanvraag, en nooit meer dan acht weken na de melding)",
                ],
            ],
            [40 * mm, 34 * mm, 92 * mm],
        ),
    ]
    bijlagen: list[Flowable] = [
        Spacer(1, 6 * mm),
        _p("Bijlagen: onderzoeksverslag en ondersteuningsplan", KLEIN),
        _p("Bijlage 1. Onderzoeksverslag", TUSSENKOP),
        _p(
            f"Versie {verslag.versie}; gesprek op {lange_datum(verslag.gespreksdatum)}"
            + (f" met {verslag.aanwezigen}" if verslag.aanwezigen else "")
            + f"; ondertekend door de cliënt op {lange_datum(verslag.ondertekend_op)}.",
            KLEIN,
        ),
        _p(verslag.bevindingen),
        _p(f"Bijlage 2. Ondersteuningsplan, versie {plan.versie}", TUSSENKOP),
        *_plan_inhoud(plan),
    ]
    return Briefinhoud(
        onderwerp="Beschikking persoonsgebonden budget Wmo 2015" if pgb else "Beschikking maatwerkvoorziening Wmo 2015",
        kenmerk=f"WMO-{beschikking.pk:06d}",
        datum=beschikking.besluitdatum,
        verhaal=verhaal,
        besluit=True,
        bijlagen=bijlagen,
    )


def beschikking_pdf(beschikking: Beschikking, *, invariant: bool = False) -> bytes:
    melding = beschikking.melding
    return brief_pdf(
        huisstijl=huisstijl_voor(melding),
        client=melding.client,
        gemeentenaam=melding.client.gemeente.naam,
        consulent=naam_van(beschikking.vastgesteld_door),
        inhoud=beschikking_inhoud(beschikking),
        invariant=invariant,
    )


def plan_pdf(plan: Ondersteuningsplan, *, invariant: bool = False) -> bytes:
    melding = plan.melding
    datum = plan.verzonden_op or plan.opgesteld_op.date()
    deel2_termijn = termijnen_van_regio(melding.regio.instellingen).get(TermijnCode.DEEL2)
    deel2_uiterlijk = deel2_termijn.uiterlijk(plan.verzonden_op) if plan.verzonden_op and deel2_termijn else None
    verhaal: list[Flowable] = [
        _p(
            f"Dit ondersteuningsplan is opgesteld naar aanleiding van de melding van {lange_datum(melding.melddatum)}. "
            "Deel 1 vult de gemeente in met de cliënt; deel 2 vult de gekozen aanbieder in met de cliënt."
        ),
    ]
    if deel2_uiterlijk and deel2_termijn is not None:
        verhaal.append(
            _p(
                f"Verstuurd naar {plan.aanbieder.naam} op {lange_datum(plan.verzonden_op)}; deel 2 uiterlijk "
                f"{lange_datum(deel2_uiterlijk)} ({deel2_termijn.basis})."
            )
        )
    verhaal += [_p("Deel 1 (gemeente)", TUSSENKOP), *_plan_inhoud(plan)]
    verhaal.append(_p("Producten", TUSSENKOP))
    verhaal.append(_producten(plan, plan.verzonden_op or datum))
    inhoud = Briefinhoud(
        onderwerp="Ondersteuningsplan Wmo, deel 1 en deel 2",
        kenmerk=f"PLAN-{plan.pk:06d}-v{plan.versie}",
        datum=datum,
        verhaal=verhaal,
    )
    return brief_pdf(
        huisstijl=huisstijl_voor(melding),
        client=melding.client,
        gemeentenaam=melding.client.gemeente.naam,
        consulent=naam_van(plan.opgesteld_door),
        inhoud=inhoud,
        invariant=invariant,
    )
