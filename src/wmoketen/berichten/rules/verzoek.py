"""Rules of the verzoeken 315 (VOT), 317 (VOW) and the antwoordbericht 319, and of the ReferentieAanbieder a 301
carries when it honours a verzoek (TR379).

Level 2 works inside the message. Level 3 (berichtoverstijgend) asks the `ValidationContext`: the gemeente's
register of verzoeken and current toewijzingen when it receives a 315/317, and the messages the aanbieder received
earlier when it receives a 319.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from ..codec import BerichtSoort as S
from ..codec.model.wmo301 import Wmo301
from ..codec.model.wmo315 import Wmo315
from ..codec.model.wmo317 import Wmo317
from ..codec.model.wmo319 import Wmo319
from .base import BerichtView, Hit, Niveau, datumgetal, gevuld, rule, waarde
from .context import BekendeToewijzing, BekendVerzoek, ValidationContext

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
BRON_BO = "regels/technische-regels/berichtoverstijgend/"
AANGEVRAAGD = "m:Client/m:AangevraagdeProducten/m:AangevraagdProduct"
HULPMIDDELEN = frozenset({"11", "12", "13", "14"})  # may overlap, also on category level (TR361, as TR302)
IN_ONDERZOEK = "2"  # VerzoekAntwoord (WJ760)


@rule(
    "CD043",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="BeschikkingIngangsdatum moet gevuld zijn als BeschikkingNummer gevuld is, en anders leeg.",
    bron=BRON_CD,
)
def check_cd043(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath(
        "m:Client/m:AangevraagdeProducten/m:AangevraagdProduct"
        "[boolean(m:BeschikkingNummer) != boolean(m:BeschikkingIngangsdatum)]"
    )


@rule(
    "TR383",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="ReferentieAanbieder moet uniek zijn binnen het bericht.",
    bron="regels/technische-regels/xslt/TR383.md",
)
def check_tr383(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    seen: set[str] = set()
    for element in view.all("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct/m:ReferentieAanbieder"):
        if element.text in seen:
            yield element
        seen.add(element.text or "")


VERWIJZER_ZORGVERLENER = {"02", "03", "04", "05"}  # huisarts, jeugdarts, medisch specialist, ... (COD327)


def _verwijzers(view: BerichtView) -> Iterator[tuple[etree._Element, bool, bool, bool]]:
    """Each Verwijzer with: a zorgverlener type (02-05), ZorgverlenerCode filled, Naam filled."""
    for verwijzer in view.all(f"{AANGEVRAAGD}/m:Verwijzer"):
        yield (
            verwijzer,
            waarde(view.first("b:Type", verwijzer)) in VERWIJZER_ZORGVERLENER,
            gevuld(view.first("b:ZorgverlenerCode", verwijzer)),
            gevuld(view.first("b:Naam", verwijzer)),
        )


@rule(
    "CD066",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="Bij een verwijzer van Type 02, 03, 04 of 05 met een ZorgverlenerCode moet de Naam leeg zijn.",
    bron=BRON_CD,
)
def check_cd066(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for verwijzer, zorgverlener, met_code, met_naam in _verwijzers(view):
        if zorgverlener and met_code and met_naam:
            yield verwijzer


@rule(
    "CD067",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="Bij een verwijzer van Type 02, 03, 04 of 05 zonder ZorgverlenerCode is de Naam verplicht.",
    bron=BRON_CD,
)
def check_cd067(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for verwijzer, zorgverlener, met_code, met_naam in _verwijzers(view):
        if zorgverlener and not met_code and not met_naam:
            yield verwijzer


@rule(
    "CD068",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="Een ZorgverlenerCode hoort alleen bij een verwijzer van Type 02, 03, 04 of 05.",
    bron=BRON_CD,
)
def check_cd068(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for verwijzer, zorgverlener, met_code, _ in _verwijzers(view):
        if not zorgverlener and met_code:
            yield verwijzer


@rule(
    "TR380",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="De GewensteIngangsdatum van een nieuw product moet later zijn dan de Dagtekening van het bericht.",
    bron="regels/technische-regels/xslt/TR380.md",
)
def check_tr380(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    dagtekening = datumgetal(view.dagtekening) or 0
    for ingang in view.all("m:Client/m:Verzoek/m:NieuweProducten/m:NieuwProduct/m:GewensteIngangsdatum"):
        if (datumgetal(ingang) or 0) <= dagtekening:
            yield ingang


@rule(
    "TR352",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="Een verzoek om wijziging bevat minstens één OngewijzigdProduct of TeWijzigenProduct.",
    bron="regels/technische-regels/xslt/TR352.md",
)
def check_tr352(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:Verzoek[not(m:OngewijzigdeProducten) and not(m:TeWijzigenProducten)]")


@rule(
    "TR353",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="Een verzoek om wijziging bevat minstens één TeWijzigenProduct of NieuwProduct.",
    bron="regels/technische-regels/xslt/TR353.md",
)
def check_tr353(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:Verzoek[not(m:TeWijzigenProducten) and not(m:NieuweProducten)]")


@rule(
    "CD085",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO319,),
    uitleg="RedenAfwijzingVerzoek is verplicht als VerzoekAntwoord 1 (verzoek afgewezen) is.",
    bron=BRON_CD,
)
def check_cd085(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Antwoord[m:VerzoekAntwoord = '1' and not(m:RedenAfwijzingVerzoek)]/m:VerzoekAntwoord")


@rule(
    "CD086",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO319,),
    uitleg="RedenAfwijzingVerzoek moet leeg zijn als VerzoekAntwoord 2 (aanvraag in onderzoek) is.",
    bron=BRON_CD,
)
def check_cd086(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Antwoord[m:VerzoekAntwoord = '2']/m:RedenAfwijzingVerzoek")


# --- level 3: against earlier messages and the registers of verzoeken and toewijzingen ---


def _zelfde_referentie(view: BerichtView, context: ValidationContext) -> tuple[etree._Element, list[BekendVerzoek]]:
    """The 319's ReferentieAanbieder and the verzoeken of this aanbieder at this gemeente that carry it."""
    bericht = view.bericht
    assert isinstance(bericht, Wmo319)
    gemeente, aanbieder = bericht.header.afzender, bericht.header.ontvanger
    (element,) = view.all("m:Antwoord/m:ReferentieAanbieder")
    verzoeken = context.verzoeken_met_referentie(aanbieder=aanbieder, referentie=bericht.antwoord.referentie_aanbieder)
    return element, [v for v in verzoeken if v.gemeente == gemeente]


@rule(
    "TR347",
    retourcode="9347",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO315, S.WMO317),
    uitleg="ReferentieAanbieder is al eerder door deze aanbieder in een verzoek gebruikt; de referentie moet uniek "
    "zijn voor de aanbieder binnen de Wmo.",
    bron=BRON_BO + "TR347.md",
)
def check_tr347(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    aanbieder = view.bericht.header.afzender
    for element in view.xpath(f"{AANGEVRAAGD}/m:ReferentieAanbieder | m:Client/m:Verzoek/m:ReferentieAanbieder"):
        if context.verzoeken_met_referentie(aanbieder=aanbieder, referentie=element.text or ""):
            yield element


@rule(
    "TR374",
    retourcode="9374",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO315, S.WMO317),
    uitleg="Er is nog een verzoek van deze aanbieder voor deze cliënt in behandeling (nog niet toegewezen of "
    "afgewezen); een nieuw verzoek kan pas daarna.",
    bron=BRON_BO + "TR374.md",
)
def check_tr374(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo315 | Wmo317)
    header = bericht.header
    if context.verzoek_onderhanden(gemeente=header.ontvanger, aanbieder=header.afzender, bsn=bericht.client.bsn):
        if isinstance(bericht, Wmo315):
            yield from view.all(AANGEVRAAGD)  # every requested product is a verzoek of its own
        else:
            yield view.element_of(bericht.client.verzoek)


def _actueel(view: BerichtView, context: ValidationContext) -> dict[int, BekendeToewijzing]:
    """The current toewijzingen of the 317's client at its aanbieder by number, asked once per message and context
    (the cache lives on the parsed message)."""
    sleutel = f"actuele_toewijzingen:{id(context)}"
    if sleutel not in view.cache:
        bericht = view.bericht
        assert isinstance(bericht, Wmo317)
        actueel = context.actuele_toewijzingen(
            gemeente=bericht.header.ontvanger,
            aanbieder=bericht.header.afzender,
            bsn=bericht.client.bsn,
            op=context.vandaag(),
        )
        view.cache[sleutel] = {t.toewijzing_nummer: t for t in actueel}
    result: dict[int, BekendeToewijzing] = view.cache[sleutel]
    return result


@rule(
    "TR349",
    retourcode="9349",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO317,),
    uitleg="Het verzoek om wijziging bevat niet alle actuele toewijzingen van de cliënt; elke actuele toewijzing "
    "hoort erin als OngewijzigdProduct of TeWijzigenProduct.",
    bron=BRON_BO + "TR349.md",
)
def check_tr349(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo317)
    verzoek = bericht.client.verzoek
    genoemd = {p.toewijzing_nummer for p in verzoek.ongewijzigde_producten}
    genoemd |= {p.toewijzing_nummer for p in verzoek.te_wijzigen_producten}
    for nummer, toewijzing in sorted(_actueel(view, context).items()):
        if toewijzing.verzonden and nummer not in genoemd:  # OP095: only what the aanbieder received in a 301
            yield view.element_of(verzoek), f"ToewijzingNummer {nummer} ontbreekt."


@rule(
    "TR350",
    retourcode="9350",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO317,),
    uitleg="OngewijzigdProduct verwijst niet naar een actuele toewijzing (ToewijzingNummer) van deze cliënt bij "
    "deze aanbieder.",
    bron=BRON_BO + "TR350.md",
)
def check_tr350(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo317)
    actueel = _actueel(view, context)
    for product in bericht.client.verzoek.ongewijzigde_producten:
        if product.toewijzing_nummer not in actueel:
            yield view.element_of(product)


@rule(
    "TR351",
    retourcode="9351",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO317,),
    uitleg="TeWijzigenProduct verwijst niet naar een actuele toewijzing (ToewijzingNummer) van deze cliënt bij "
    "deze aanbieder.",
    bron=BRON_BO + "TR351.md",
)
def check_tr351(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo317)
    actueel = _actueel(view, context)
    for product in bericht.client.verzoek.te_wijzigen_producten:
        if product.toewijzing_nummer not in actueel:
            yield view.element_of(product)


@dataclass(frozen=True)
class _Zorgperiode:
    """One product of a VOW with the period it would cover once the verzoek is granted."""

    element: etree._Element
    naam: str
    categorie: str | None
    code: str | None
    van: date
    tot: date | None


def _botsen(a: _Zorgperiode, b: _Zorgperiode) -> bool:
    """TR361: the same product may not overlap. Same product = same code when both have one, else the same
    category; without a category it clashes with everything; hulpmiddelen (11-14) may always overlap."""
    if a.categorie in HULPMIDDELEN or b.categorie in HULPMIDDELEN:
        return False
    if a.categorie is None or b.categorie is None:
        return True
    if a.code and b.code:
        return a.code == b.code
    return a.categorie == b.categorie


def _overlappen(a: _Zorgperiode, b: _Zorgperiode) -> bool:
    """Closed periods; an open end runs on forever."""
    return (b.tot is None or a.van <= b.tot) and (a.tot is None or b.van <= a.tot)


@rule(
    "TR361",
    retourcode="9361",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO317,),
    uitleg="Een product komt vaker voor in het verzoek om wijziging met overlappende zorgperiodes; dat mag alleen "
    "bij hulpmiddelen (categorie 11 tot en met 14).",
    bron=BRON_BO + "TR361.md",
)
def check_tr361(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo317)
    verzoek = bericht.client.verzoek
    actueel = _actueel(view, context)
    perioden: list[_Zorgperiode] = []
    for ongewijzigd in verzoek.ongewijzigde_producten:
        t = actueel.get(ongewijzigd.toewijzing_nummer)
        if t is not None:  # an unknown number is TR350's
            naam = f"ToewijzingNummer {t.toewijzing_nummer}"
            element = view.element_of(ongewijzigd)
            perioden.append(
                _Zorgperiode(element, naam, t.product_categorie, t.product_code, t.ingangsdatum, t.einddatum)
            )
    for wijziging in verzoek.te_wijzigen_producten:
        t = actueel.get(wijziging.toewijzing_nummer)
        if t is not None:  # the toewijzing from its start up to the wished Einddatum; an unknown number is TR351's
            van = min(t.ingangsdatum, wijziging.gewenste_ingangsdatum)
            naam = f"ToewijzingNummer {t.toewijzing_nummer}"
            element = view.element_of(wijziging)
            perioden.append(_Zorgperiode(element, naam, t.product_categorie, t.product_code, van, wijziging.einddatum))
    for nummer, nieuw in enumerate(verzoek.nieuwe_producten, start=1):
        product = nieuw.product
        perioden.append(
            _Zorgperiode(
                view.element_of(nieuw),
                f"NieuwProduct {nummer}",
                product.categorie if product else None,
                product.code if product else None,
                nieuw.gewenste_ingangsdatum,
                nieuw.einddatum,
            )
        )
    for i, later in enumerate(perioden):
        for eerder in perioden[:i]:
            if _botsen(eerder, later) and _overlappen(eerder, later):
                yield later.element, f"Overlapt met {eerder.naam}."
                break


@rule(
    "TR355",
    retourcode="9355",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO319,),
    uitleg="ReferentieAanbieder in het antwoordbericht komt niet voor in een eerder verzoek om toewijzing of "
    "verzoek om wijziging van deze aanbieder bij deze gemeente.",
    bron=BRON_BO + "TR355.md",
)
def check_tr355(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    if not context.verzoekregister_van(view.bericht.header.afzender):
        return  # a gemeente with its own software: its register of verzoeken is not here
    element, verzoeken = _zelfde_referentie(view, context)
    if not verzoeken:
        yield element


@rule(
    "TR359",
    retourcode="9359",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO319,),
    uitleg="Er is al eerder een toewijzingsbericht (301) met deze ReferentieAanbieder gestuurd; dan volgt geen "
    "antwoordbericht meer.",
    bron=BRON_BO + "TR359.md",
)
def check_tr359(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo319)
    referentie = bericht.antwoord.referentie_aanbieder
    if context.eerder_toegewezen(
        gemeente=bericht.header.afzender, aanbieder=bericht.header.ontvanger, referentie=referentie
    ):
        (element,) = view.all("m:Antwoord/m:ReferentieAanbieder")
        yield element


@rule(
    "TR360",
    retourcode="9360",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO319,),
    uitleg="Er is al een antwoordbericht met deze ReferentieAanbieder; VerzoekAntwoord 2 (aanvraag in onderzoek) "
    "kan maar één keer en moet gevolgd worden door een toewijzing of een afwijzing.",
    bron=BRON_BO + "TR360.md",
)
def check_tr360(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo319)
    antwoord = bericht.antwoord
    if antwoord.verzoek_antwoord != IN_ONDERZOEK:
        return
    eerder = context.eerdere_antwoorden(
        gemeente=bericht.header.afzender, aanbieder=bericht.header.ontvanger, referentie=antwoord.referentie_aanbieder
    )
    if eerder:
        (element,) = view.all("m:Antwoord/m:VerzoekAntwoord")
        yield element


@rule(
    "TR379",
    retourcode="9379",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO301,),
    uitleg="ReferentieAanbieder mag alleen gevuld zijn bij een toegewezen product dat een verzoek om toewijzing of "
    "verzoek om wijziging van deze aanbieder voor deze cliënt honoreert, met de referentie uit dat verzoek.",
    bron=BRON_BO + "TR379.md",
)
def check_tr379(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo301)
    gemeente, aanbieder, bsn = bericht.header.afzender, bericht.header.ontvanger, bericht.client.bsn
    if not context.verzoekregister_van(gemeente):
        return  # a gemeente with its own software: its register of verzoeken is not here
    for product in bericht.client.toegewezen_producten:
        referentie = product.referentie_aanbieder
        if referentie is None:
            continue
        gehonoreerd = any(
            (v.gemeente, v.bsn) == (gemeente, bsn)
            and v.toegekend
            and v.toewijzing_nummer in (None, product.toewijzing_nummer)
            for v in context.verzoeken_met_referentie(aanbieder=aanbieder, referentie=referentie)
        )
        if not gehonoreerd:
            (element,) = view.all("m:ReferentieAanbieder", view.element_of(product))
            yield element
