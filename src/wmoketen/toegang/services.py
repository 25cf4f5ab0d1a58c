"""Writes of access (toegang). Each service runs in one transaction, records who and when (on the record and as a
`Stap` for the dossier timeline), recomputes the melding's phase and first open deadline, and refuses to change a
signed document: a signed document is only superseded by a new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.vierogen import andere_persoon_fout
from wmoketen.catalogus.models import Gemeente, Leefgebied, Product, Regio
from wmoketen.clienten.models import Client
from wmoketen.clienten.selectors import postcode_fout
from wmoketen.clienten.services import ClientFout, client_aanmaken, gegevens_wijzigen
from wmoketen.contracten.models import Aanbieder, Overeenkomst
from wmoketen.core import events
from wmoketen.core.bsn import BsnFout, normaliseer_bsn
from wmoketen.core.money import format_euro

from . import briefteksten, klok
from .brieven import brief_maken
from .constants import (
    AFHANDELING_FASE,
    AfhandelingSoort,
    Afwijzingsgrond,
    BriefSoort,
    Fase,
    Indicatiemodel,
    StapSoort,
    Verstrekkingsvorm,
)
from .domain import (
    BeoordelingFout,
    beoordeling_uitkomst,
    eerstvolgende_termijn,
    indicatie_einddatum,
    indicatietermijn_controleren,
    oordeel_controleren,
    percelen_controleren,
    producten_controleren,
    termijnen_berekenen,
)
from .fouten import OndertekendFout, ToegangFout
from .huisstijl import huisstijl_voor
from .instellingen import ToegangInstellingen, instellingen_van_regio, termijnen_van_regio
from .models import (
    Afhandeling,
    Beschikking,
    Beschikkingsvoorstel,
    Deel2,
    Deel2Resultaat,
    Melding,
    Ondersteuningsplan,
    Onderzoeksverslag,
    PlanProduct,
    Stap,
)
from .pdf import beschikking_inhoud
from .selectors import dossierfeiten, huidig_deel2, huidig_plan, huidig_verslag, instellingen
from .vierogen import drempel_cent, jaarbedrag_cent, pgb_jaarbedrag_cent

BESCHIKKING_VASTGESTELD = "toegang.beschikking_vastgesteld"


def _stap(melding: Melding, soort: StapSoort, datum: date, door: Gebruiker | None, omschrijving: str = "") -> None:
    Stap.objects.create(melding=melding, soort=soort, datum=datum, door=door, omschrijving=omschrijving[:300])


def _bijwerken(melding: Melding) -> None:
    """Derive the phase from the facts and store the first open deadline (for the worklist query)."""
    plan = huidig_plan(melding)
    afhandeling = Afhandeling.objects.filter(melding=melding).first()
    if Beschikking.objects.filter(melding=melding).exists():
        fase = Fase.BESCHIKT
    elif afhandeling is not None:
        fase = AFHANDELING_FASE[AfhandelingSoort(afhandeling.soort)]
    elif melding.aanvraag_op is not None:
        fase = Fase.AANVRAAG
    elif plan is not None and huidig_deel2(plan) is not None:
        fase = Fase.AKKOORD
    elif plan is not None and plan.verzonden_op is not None:
        fase = Fase.BIJ_AANBIEDER
    elif melding.huisbezoek_afspraak_op is not None:
        fase = Fase.ONDERZOEK
    else:
        fase = Fase.MELDING
    termijnen = termijnen_van_regio(melding.regio.instellingen)  # the legal ones plus the region's own
    volgende = eerstvolgende_termijn(termijnen_berekenen(dossierfeiten(melding), melding.melddatum, termijnen))
    melding.fase = fase
    melding.volgende_termijn = volgende.termijn.code if volgende else ""
    melding.volgende_uiterlijk = volgende.uiterlijk if volgende else None
    melding.save(update_fields=["fase", "volgende_termijn", "volgende_uiterlijk"])


def _niet_beschikt(melding: Melding) -> None:
    if Beschikking.objects.filter(melding=melding).exists():
        raise ToegangFout("Op deze melding is al beschikt; de stukken liggen vast.")
    afhandeling = Afhandeling.objects.filter(melding=melding).first()
    if afhandeling is not None:
        raise ToegangFout(
            f"Deze melding is al afgehandeld ({afhandeling.get_soort_display().lower()} op "
            f"{afhandeling.datum:%d-%m-%Y}); registreer zo nodig een nieuwe melding."
        )


def _niet_in_de_toekomst(datum: date, wat: str) -> None:
    if datum > klok.vandaag():
        raise ToegangFout(f"{wat} kan niet in de toekomst liggen ({datum:%d-%m-%Y}).")


def _brief(soort: BriefSoort, melding: Melding, inhoud: briefteksten.Briefinhoud, door: Gebruiker | None) -> None:
    """The letter of this step, made and kept in the step's transaction (BriefFout rolls the step back)."""
    brief = brief_maken(
        soort=soort, client=melding.client, melding=melding, huisstijl=huisstijl_voor(melding), inhoud=inhoud, door=door
    )
    _stap(melding, StapSoort.BRIEF, brief.datum, door, f"{brief.get_soort_display()} ({brief.kenmerk})")


# ----------------------------------------------------------------------------------------- client en melding


GELIJKTIJDIG_GEREGISTREERD = (
    "Registreren is niet gelukt: op hetzelfde moment werd deze cliënt ook vastgelegd. Probeer het opnieuw."
)


@transaction.atomic
def client_vastleggen(
    *,
    door: Gebruiker,
    bsn: str,
    geboortedatum: date,
    achternaam: str,
    gemeente: Gemeente,
    voorletters: str = "",
    voorvoegsel: str = "",
    straat: str = "",
    huisnummer: int | None = None,
    huisnummer_toevoeging: str = "",
    postcode: str = "",
    plaats: str = "",
) -> Client:
    """Register a client by BSN (11-proef via python-stdnum), or update the known client's address data."""
    try:
        bsn = normaliseer_bsn(bsn)
    except BsnFout as fout:
        raise ToegangFout(str(fout)) from fout
    if not door.gemeenten.filter(pk=gemeente.pk).exists():
        raise ToegangFout("U kunt alleen cliënten in uw eigen gemeenten registreren.")
    elders = postcode_fout(postcode=postcode, gemeente=gemeente)
    if elders:
        raise ToegangFout(elders)
    gegevens: dict[str, Any] = {
        "geboortedatum": geboortedatum,
        "achternaam": achternaam,
        "voorletters": voorletters,
        "voorvoegsel": voorvoegsel,
        "straat": straat,
        "huisnummer": huisnummer,
        "huisnummer_toevoeging": huisnummer_toevoeging,
        "postcode": postcode,
        "plaats": plaats,
        "gemeente": gemeente,
    }
    # The BSN is unique per gemeente (each gemeente its own controller): a client of another gemeente is not looked
    # at, so registering their BSN here answers exactly as for a BSN nobody knows, with a record of this gemeente
    # (issue 13 item 8: "bekend bij een andere gemeente" told the consultant someone was a Wmo client elsewhere).
    client = Client.objects.filter(gemeente=gemeente, bsn=bsn).first()
    try:
        if client is None:
            try:
                with transaction.atomic():  # a savepoint: the unique violation must not break the transaction
                    return client_aanmaken(door=door, bsn=bsn, **gegevens)
            except IntegrityError:  # someone else registered this BSN between lookup and insert
                # from None: the database's message (Key (bsn)=(...)) never rides along in a traceback
                raise ToegangFout(GELIJKTIJDIG_GEREGISTREERD) from None
        if client.geboortedatum != geboortedatum:
            raise ToegangFout("De geboortedatum hoort niet bij dit BSN; controleer de gegevens.")
        gegevens_wijzigen(door=door, client=client, toelichting="Bij een nieuwe melding", **gegevens)
    except ClientFout as onmogelijk:
        raise ToegangFout(str(onmogelijk)) from onmogelijk
    client.refresh_from_db()
    return client


def regio_voor(*, gemeente: Gemeente, door: Gebruiker, op: date) -> Regio:
    """The user's own region when it includes the municipality; else the municipality's most recent region."""
    eigen = door.regio
    if eigen is not None and eigen.gemeenten.filter(pk=gemeente.pk).exists():
        return eigen
    regios = Regio.objects.filter(gemeenten=gemeente).order_by("-geldig_van")
    regio = regios.filter(geldig_van__lte=op).first() or regios.first()
    if regio is None:
        raise ToegangFout(f"Gemeente {gemeente.naam} hoort bij geen enkele regio.")
    return regio


@transaction.atomic
def melding_registreren(
    *, door: Gebruiker, client: Client, melddatum: date, omschrijving: str = "", regio: Regio | None = None
) -> Melding:
    if door.rol != Rol.CONSULENT and not door.is_superuser:
        raise ToegangFout("Alleen een consulent registreert meldingen.")
    if not door.gemeenten.filter(pk=client.gemeente_id).exists() and not door.is_superuser:
        raise ToegangFout("Deze cliënt woont niet in een van uw gemeenten.")
    _niet_in_de_toekomst(melddatum, "De datum van de melding")
    regio = regio or regio_voor(gemeente=client.gemeente, door=door, op=melddatum)
    melding = Melding.objects.create(
        client=client,
        regio=regio,
        melddatum=melddatum,
        omschrijving=omschrijving,
        consulent=door,
        geregistreerd_door=door,
    )
    _stap(melding, StapSoort.MELDING, melddatum, door, omschrijving)
    _bijwerken(melding)
    _brief(BriefSoort.ONTVANGST_MELDING, melding, briefteksten.ontvangst_melding(melding, klok.vandaag()), door)
    return melding


@transaction.atomic
def huisbezoek_plannen(*, door: Gebruiker, melding: Melding, afspraak_op: date, huisbezoek_datum: date) -> Melding:
    _niet_beschikt(melding)
    if afspraak_op < melding.melddatum:
        raise ToegangFout("De afspraak kan niet vóór de melding gemaakt zijn.")
    if huisbezoek_datum < afspraak_op:
        raise ToegangFout("Het huisbezoek kan niet vóór het maken van de afspraak liggen.")
    melding.huisbezoek_afspraak_op = afspraak_op
    melding.huisbezoek_datum = huisbezoek_datum
    melding.save(update_fields=["huisbezoek_afspraak_op", "huisbezoek_datum"])
    _stap(melding, StapSoort.HUISBEZOEK, afspraak_op, door, f"Huisbezoek op {huisbezoek_datum:%d-%m-%Y}")
    _bijwerken(melding)
    return melding


# ---------------------------------------------------------------------------------------- onderzoeksverslag


@transaction.atomic
def onderzoeksverslag_vastleggen(
    *,
    door: Gebruiker,
    melding: Melding,
    gespreksdatum: date,
    bevindingen: str,
    aanwezigen: str = "",
    vervangen: bool = False,
    vastgelegd_op: datetime | None = None,
) -> Onderzoeksverslag:
    """Record the findings. An unsigned current version is updated in place; a signed one is refused unless
    `vervangen`, which writes a new version that supersedes it (and needs the client's signature again)."""
    _niet_beschikt(melding)
    if gespreksdatum < melding.melddatum:
        raise ToegangFout("Het gesprek kan niet vóór de melding hebben plaatsgevonden.")
    _niet_in_de_toekomst(gespreksdatum, "De datum van het gesprek")
    vastgelegd_op = vastgelegd_op or timezone.now()
    huidig = huidig_verslag(melding)
    if huidig is not None and not huidig.is_ondertekend:
        huidig.gespreksdatum, huidig.bevindingen, huidig.aanwezigen = gespreksdatum, bevindingen, aanwezigen
        huidig.vastgelegd_door, huidig.vastgelegd_op = door, vastgelegd_op
        huidig.save()
        verslag = huidig
    else:
        if huidig is not None and not vervangen:
            raise OndertekendFout(
                "Het onderzoeksverslag is ondertekend en kan niet meer worden gewijzigd; leg een nieuwe versie vast."
            )
        verslag = Onderzoeksverslag.objects.create(
            melding=melding,
            versie=(huidig.versie + 1) if huidig else 1,
            vervangt=huidig,
            gespreksdatum=gespreksdatum,
            aanwezigen=aanwezigen,
            bevindingen=bevindingen,
            vastgelegd_door=door,
            vastgelegd_op=vastgelegd_op,
        )
        if huidig is not None:
            melding.aanvraag_op = None  # the aanvraag was the old signed version
            melding.save(update_fields=["aanvraag_op"])
            _stap(melding, StapSoort.VERVANGEN, timezone.localdate(), door, f"Onderzoeksverslag versie {huidig.versie}")
    _stap(melding, StapSoort.VERSLAG, timezone.localdate(vastgelegd_op), door, f"Versie {verslag.versie}")
    _bijwerken(melding)
    return verslag


# ------------------------------------------------------------------------------------- ondersteuningsplan deel 1


@dataclass(frozen=True)
class PlanRegel:
    product: Product
    volume: int | None = None


@transaction.atomic
def plan_opstellen(
    *,
    door: Gebruiker,
    melding: Melding,
    reden: str,
    verstrekkingsvorm: str,
    aanbieder: Aanbieder,
    termijn_maanden: int,
    perspectief: str,
    scores: dict[str, str],
    producten: Sequence[PlanRegel],
    oordeel_categorie: str = "",
    oordeel_intensiteit: str = "",
    motivatie_afwijking: str = "",
    motivatie_product: str = "",
    vervoer: str = "",
    kortdurend_verblijf_etmalen: int | None = None,
    toelichting: str = "",
    vervangen: bool = False,
    opgesteld_op: datetime | None = None,
) -> Ondersteuningsplan:
    """Write plan deel 1 (draft until signed). The outcome of the beoordelingsinstrument comes from the region's
    mapping; the regisseur's own judgement needs a motivation when it differs. Checks the indication term, the
    region's one-lot rule and that the provider is contracted for the products."""
    _niet_beschikt(melding)
    if melding.aanvraag_op is not None and not vervangen:
        raise ToegangFout("De gemeente heeft al akkoord gegeven; het plan ligt vast.")
    regio = melding.regio
    inst = instellingen(regio)
    fouten: list[str] = []
    try:
        uitkomst = beoordeling_uitkomst(scores, punten=inst.punten(), banden=inst.banden())
    except BeoordelingFout as fout:
        raise ToegangFout(str(fout)) from fout
    oordeel_categorie = oordeel_categorie or uitkomst.categorie
    oordeel_intensiteit = oordeel_intensiteit or uitkomst.intensiteit
    fouten += oordeel_controleren(
        uitkomst,
        oordeel_categorie=oordeel_categorie,
        oordeel_intensiteit=oordeel_intensiteit,
        motivatie=motivatie_afwijking,
    )
    if not producten:
        fouten.append("Kies ten minste één product.")
    regels = list(producten)
    fouten += producten_controleren(
        oordeel_categorie=oordeel_categorie,
        oordeel_intensiteit=oordeel_intensiteit,
        profielen=[
            (r.product.productcode, r.product.profiel.categorie, r.product.profiel.intensiteit)
            for r in regels
            if r.product.profiel is not None
        ],
        motivatie=motivatie_product,
    )
    vreemd = [r.product.productcode for r in regels if r.product.regio_id != regio.pk]
    if vreemd:
        fouten.append(f"Product {vreemd[0]} hoort niet bij {regio.naam}.")
    segmenten = {r.product.perceel.segment for r in regels}
    segment_max = [s for s in segmenten if s.max_indicatie_maanden is not None]
    strengst = min(segment_max, key=lambda s: s.max_indicatie_maanden or 0) if segment_max else None
    fouten += indicatietermijn_controleren(
        maanden=termijn_maanden,
        perspectief=perspectief,
        max_stabiel_maanden=regio.max_indicatie_stabiel_maanden,
        max_verandering_maanden=regio.max_indicatie_verandering_maanden,
        segment_max_maanden=strengst.max_indicatie_maanden if strengst else None,
        segment_naam=f"{strengst.code} {strengst.naam}" if strengst else "",
    )
    fouten += percelen_controleren(
        [(r.product.perceel_id, r.product.perceel.uitgezonderd_enkel_perceel) for r in regels],
        een_perceel_tegelijk=regio.een_perceel_tegelijk,
    )
    fouten += _gecontracteerd(aanbieder, regio, [r.product for r in regels])
    regels = [_met_volume(r, inst, oordeel_intensiteit, kortdurend_verblijf_etmalen) for r in regels]
    if inst.indicatiemodel == Indicatiemodel.NORMENKADER:
        zonder = [r.product.productcode for r in regels if r.volume is None]
        if zonder:
            fouten.append(f"Geef het aantal eenheden per week voor {', '.join(zonder)} (normenkader).")
    if fouten:
        raise ToegangFout(*fouten)

    huidig = huidig_plan(melding)
    velden = {
        "reden": reden,
        "verstrekkingsvorm": verstrekkingsvorm,
        "aanbieder": aanbieder,
        "termijn_maanden": termijn_maanden,
        "perspectief": perspectief,
        "score_veiligheid": scores["veiligheid"],
        "score_balans": scores["balans"],
        "score_afstand": scores["afstand"],
        "score_zelfredzaamheid": scores["zelfredzaamheid"],
        "score_medewerking": scores["medewerking"],
        "uitkomst_punten": uitkomst.punten,
        "uitkomst_categorie": uitkomst.categorie,
        "uitkomst_intensiteit": uitkomst.intensiteit,
        "oordeel_categorie": oordeel_categorie,
        "oordeel_intensiteit": oordeel_intensiteit,
        "motivatie_afwijking": motivatie_afwijking,
        "motivatie_product": motivatie_product,
        "vervoer": vervoer,
        "kortdurend_verblijf_etmalen": kortdurend_verblijf_etmalen,
        "toelichting": toelichting,
        "opgesteld_door": door,
        "opgesteld_op": opgesteld_op or timezone.now(),
    }
    if huidig is not None and not huidig.is_ondertekend:
        for veld, waarde in velden.items():
            setattr(huidig, veld, waarde)
        huidig.save()
        huidig.producten.all().delete()
        plan = huidig
    else:
        if huidig is not None and not vervangen:
            raise OndertekendFout(
                "Het ondersteuningsplan is ondertekend en kan niet meer worden gewijzigd; stel een nieuwe versie op."
            )
        plan = Ondersteuningsplan.objects.create(
            melding=melding, versie=(huidig.versie + 1) if huidig else 1, vervangt=huidig, **velden
        )
        if huidig is not None:
            melding.aanvraag_op = None
            melding.save(update_fields=["aanvraag_op"])
            _stap(
                melding, StapSoort.VERVANGEN, timezone.localdate(), door, f"Ondersteuningsplan versie {huidig.versie}"
            )
    PlanProduct.objects.bulk_create([PlanProduct(plan=plan, product=r.product, volume=r.volume) for r in regels])
    _stap(
        melding, StapSoort.PLAN, timezone.localdate(plan.opgesteld_op), door, f"Versie {plan.versie}, {uitkomst.tekst}"
    )
    _bijwerken(melding)
    return plan


def _met_volume(regel: PlanRegel, inst: ToegangInstellingen, intensiteit: str, kdv_etmalen: int | None) -> PlanRegel:
    """Volume from the plan, else etmalen for kortdurend verblijf, else the region's normenkader."""
    if regel.volume is not None:
        return regel
    product = regel.product
    if product.categorie == "04" and kdv_etmalen:
        return PlanRegel(product, kdv_etmalen)
    norm = inst.norm(product.regio_productcode, intensiteit)
    return PlanRegel(product, norm)


def _gecontracteerd(aanbieder: Aanbieder, regio: Regio, producten: Iterable[Product]) -> list[str]:
    overeenkomsten = list(
        Overeenkomst.objects.filter(regio=regio, aanbieder=aanbieder).prefetch_related("percelen", "producten")
    )
    fouten = []
    for product in producten:
        gedekt = any(
            product.perceel in o.percelen.all() and (not o.producten.all() or product in o.producten.all())
            for o in overeenkomsten
        )
        if not gedekt:
            fouten.append(f"{aanbieder.naam} is niet gecontracteerd voor {product.productcode} {product.naam}.")
    return fouten


@transaction.atomic
def plan_ondertekenen_en_versturen(
    *,
    door: Gebruiker,
    plan: Ondersteuningsplan,
    ondertekend_client_op: date,
    ondertekend_gemeente_op: date,
    toestemming_aanbieder: bool,
    verzonden_op: date,
) -> Ondersteuningsplan:
    """Both sign deel 1; with the client's written consent it goes to the chosen provider for deel 2."""
    melding = plan.melding
    _niet_beschikt(melding)
    if plan.is_ondertekend:
        raise OndertekendFout("Dit plan is al ondertekend en verstuurd.")
    if hasattr(plan, "vervangen_door"):
        raise ToegangFout("Dit plan is vervangen door een nieuwere versie.")
    if not toestemming_aanbieder:
        raise ToegangFout("Zonder schriftelijke toestemming van de cliënt gaat het plan niet naar de aanbieder.")
    if min(ondertekend_client_op, ondertekend_gemeente_op) < melding.melddatum:
        raise ToegangFout("Het plan kan niet vóór de melding ondertekend zijn.")
    if verzonden_op < max(ondertekend_client_op, ondertekend_gemeente_op):
        raise ToegangFout("Het plan wordt pas verstuurd als cliënt en gemeente hebben getekend.")
    plan.ondertekend_client_op = ondertekend_client_op
    plan.ondertekend_gemeente_op = ondertekend_gemeente_op
    plan.ondertekend_gemeente_door = door
    plan.toestemming_aanbieder = True
    plan.verzonden_op = verzonden_op
    plan.save(
        update_fields=[
            "ondertekend_client_op",
            "ondertekend_gemeente_op",
            "ondertekend_gemeente_door",
            "toestemming_aanbieder",
            "verzonden_op",
        ]
    )
    _stap(melding, StapSoort.PLAN_VERSTUURD, verzonden_op, door, f"Naar {plan.aanbieder.naam}")
    _bijwerken(melding)
    return plan


# --------------------------------------------------------------------------------------------------- deel 2


@dataclass(frozen=True)
class ResultaatInvoer:
    resultaat_code: str
    activiteiten: str
    frequentie: str


@transaction.atomic
def deel2_indienen(
    *,
    door: Gebruiker,
    plan: Ondersteuningsplan,
    resultaten: Sequence[ResultaatInvoer],
    ondertekend_client_op: date,
    ondertekend_aanbieder_op: date,
    toelichting: str = "",
    ingediend_op: datetime | None = None,
) -> Deel2:
    """The provider's deel 2, signed by client and provider. Only the plan's own provider may submit it; a
    submitted deel 2 is never changed: submitting again writes a new version that supersedes it."""
    if door.rol != Rol.AANBIEDER or door.aanbieder_id != plan.aanbieder_id:
        raise ToegangFout("Alleen de gekozen aanbieder vult deel 2 in.")
    melding = plan.melding
    _niet_beschikt(melding)
    if plan.verzonden_op is None or hasattr(plan, "vervangen_door"):
        raise ToegangFout("Dit plan is niet (meer) aan u verstuurd.")
    if melding.aanvraag_op is not None:
        raise ToegangFout("De gemeente heeft al akkoord gegeven; deel 2 ligt vast.")
    if not resultaten:
        raise ToegangFout("Noem ten minste één beoogd resultaat met activiteiten.")
    if min(ondertekend_client_op, ondertekend_aanbieder_op) < plan.verzonden_op:
        raise ToegangFout("Deel 2 kan niet ondertekend zijn vóór het plan werd verstuurd.")
    inst = instellingen(melding.regio)
    regels = []
    for r in resultaten:
        matrix = inst.resultaat(r.resultaat_code)
        if matrix is None:
            raise ToegangFout(f"Resultaatcode {r.resultaat_code} staat niet in de resultatenmatrix van de regio.")
        if not r.activiteiten.strip() or not r.frequentie.strip():
            raise ToegangFout(f"Geef bij {r.resultaat_code} de activiteiten en hun frequentie.")
        regels.append((matrix, r))
    vorige = huidig_deel2(plan)
    deel2 = Deel2.objects.create(
        plan=plan,
        versie=(vorige.versie + 1) if vorige else 1,
        vervangt=vorige,
        toelichting=toelichting,
        ondertekend_client_op=ondertekend_client_op,
        ondertekend_aanbieder_op=ondertekend_aanbieder_op,
        ingediend_door=door,
        ingediend_op=ingediend_op or timezone.now(),
    )
    Deel2Resultaat.objects.bulk_create(
        [
            Deel2Resultaat(
                deel2=deel2,
                resultaat_code=matrix.code,
                leefgebied=_leefgebied(matrix.leefgebied),
                resultaat=matrix.omschrijving,
                activiteiten=r.activiteiten.strip(),
                frequentie=r.frequentie.strip(),
            )
            for matrix, r in regels
        ]
    )
    if vorige is not None:
        _stap(melding, StapSoort.VERVANGEN, timezone.localdate(), door, f"Deel 2 versie {vorige.versie}")
    _stap(
        melding,
        StapSoort.DEEL2,
        timezone.localdate(deel2.ingediend_op),
        door,
        f"{plan.aanbieder.naam}, versie {deel2.versie}",
    )
    _bijwerken(melding)
    return deel2


def _leefgebied(code: str) -> Leefgebied:
    """The national life domain (seeded by catalogus migration 0002)."""
    return Leefgebied.objects.get(code=code)


# ------------------------------------------------------------------------------------------ akkoord, beschikking


def _aanvraag(melding: Melding, verslag: Onderzoeksverslag, ondertekend_op: date, door: Gebruiker) -> None:
    """The onderzoeksverslag signed by the client is the aanvraag: its signing date starts the term of the
    decision. Writes the receipt of the aanvraag."""
    if ondertekend_op < verslag.gespreksdatum:
        raise ToegangFout("Het verslag kan niet vóór het gesprek ondertekend zijn.")
    _niet_in_de_toekomst(ondertekend_op, "De datum van ondertekening")
    if not verslag.is_ondertekend:
        verslag.ondertekend_op = ondertekend_op
        verslag.save(update_fields=["ondertekend_op"])
    melding.aanvraag_op = verslag.ondertekend_op
    melding.save(update_fields=["aanvraag_op"])
    _stap(melding, StapSoort.AANVRAAG, ondertekend_op, door, f"Onderzoeksverslag versie {verslag.versie}")
    _brief(BriefSoort.ONTVANGST_AANVRAAG, melding, briefteksten.ontvangst_aanvraag(melding, klok.vandaag()), door)


@transaction.atomic
def aanvraag_vastleggen(*, door: Gebruiker, melding: Melding, verslag_ondertekend_op: date) -> Melding:
    """The client signed the onderzoeksverslag without (yet) a plan: an aanvraag the municipality decides on
    within the legal term, also when the decision will be a refusal."""
    _niet_beschikt(melding)
    if melding.aanvraag_op is not None:
        raise ToegangFout("De aanvraag is al vastgelegd.")
    verslag = huidig_verslag(melding)
    if verslag is None:
        raise ToegangFout("Er is nog geen onderzoeksverslag: de aanvraag is het ondertekende verslag.")
    _aanvraag(melding, verslag, verslag_ondertekend_op, door)
    _bijwerken(melding)
    return melding


@transaction.atomic
def akkoord_geven(*, door: Gebruiker, melding: Melding, verslag_ondertekend_op: date) -> Melding:
    """The municipality agrees with the plan (week 6). The onderzoeksverslag signed by the client is the aanvraag;
    its signing date starts the two weeks for the beschikking (recorded here unless it already was)."""
    _niet_beschikt(melding)
    if melding.akkoord_door_id is not None:
        raise ToegangFout("Er is al akkoord gegeven.")
    verslag = huidig_verslag(melding)
    plan = huidig_plan(melding)
    if verslag is None:
        raise ToegangFout("Er is nog geen onderzoeksverslag.")
    if plan is None or not plan.is_ondertekend:
        raise ToegangFout("Het ondersteuningsplan deel 1 is nog niet ondertekend en verstuurd.")
    if huidig_deel2(plan) is None:
        raise ToegangFout("De aanbieder heeft deel 2 nog niet ingediend.")
    if melding.aanvraag_op is None:
        _aanvraag(melding, verslag, verslag_ondertekend_op, door)
    melding.akkoord_door = door
    melding.save(update_fields=["akkoord_door"])
    _stap(melding, StapSoort.AKKOORD, melding.aanvraag_op or verslag_ondertekend_op, door,
          f"Aanvraag: onderzoeksverslag versie {verslag.versie}")  # fmt: skip
    _bijwerken(melding)
    return melding


class VierOgenNodig(ToegangFout):
    """The beschikking is above the four-eyes amount: propose it (beschikking_voorstellen) for a second consultant."""


@transaction.atomic
def beschikking_vaststellen(
    *, door: Gebruiker, melding: Melding, besluitdatum: date, ingangsdatum: date, toelichting: str = ""
) -> Beschikking:
    """Decide on the aanvraag: names the products, lot/segment, funding and term of the current plan. Publishes
    `toegang.beschikking_vastgesteld` (beschikking_id=...) in this transaction; toewijzingen creates the
    assignments, so a failing handler rolls the beschikking back. At or above the region's four-eyes amount this
    refuses (VierOgenNodig): such a beschikking is proposed and takes effect only when a second consultant approves
    it (beschikking_goedkeuren)."""
    melding, plan, verslag = _beschikbaar(melding, besluitdatum)
    jaarbedrag = jaarbedrag_cent(plan, op=ingangsdatum)
    drempel = drempel_cent(instellingen_van_regio(melding.regio.instellingen))
    if jaarbedrag >= drempel:
        raise VierOgenNodig(
            f"De geraamde kosten ({format_euro(jaarbedrag)} per jaar) zijn {format_euro(drempel)} of meer: een "
            "tweede consulent moet deze beschikking goedkeuren (vier ogen)."
        )
    return _vaststellen(
        melding=melding,
        plan=plan,
        verslag=verslag,
        besluitdatum=besluitdatum,
        ingangsdatum=ingangsdatum,
        toelichting=toelichting,
        door=door,
        jaarbedrag=jaarbedrag,
    )


def _beschikbaar(melding: Melding, besluitdatum: date) -> tuple[Melding, Ondersteuningsplan, Onderzoeksverslag]:
    melding = Melding.objects.select_for_update(of=("self",)).select_related("regio").get(pk=melding.pk)
    _niet_beschikt(melding)
    if melding.aanvraag_op is None or melding.akkoord_door_id is None:
        raise ToegangFout("Er is nog geen aanvraag met akkoord op het plan: eerst akkoord en het ondertekende verslag.")
    if besluitdatum < melding.aanvraag_op:
        raise ToegangFout("De beschikking kan niet vóór de aanvraag liggen.")
    _niet_in_de_toekomst(besluitdatum, "De datum van het besluit")
    plan = huidig_plan(melding)
    verslag = huidig_verslag(melding)
    assert plan is not None and verslag is not None  # guaranteed by akkoord_geven
    return melding, plan, verslag


def _vaststellen(
    *,
    melding: Melding,
    plan: Ondersteuningsplan,
    verslag: Onderzoeksverslag,
    besluitdatum: date,
    ingangsdatum: date,
    toelichting: str,
    door: Gebruiker,
    jaarbedrag: int,
    goedgekeurd_door: Gebruiker | None = None,
) -> Beschikking:
    beschikking = Beschikking.objects.create(
        melding=melding,
        plan=plan,
        verslag=verslag,
        besluitdatum=besluitdatum,
        ingangsdatum=ingangsdatum,
        einddatum=indicatie_einddatum(ingangsdatum, plan.termijn_maanden),
        toelichting=toelichting,
        vastgesteld_door=door,
        jaarbedrag_cent=jaarbedrag,
        pgb_jaarbedrag_cent=(
            pgb_jaarbedrag_cent(jaarbedrag, instellingen_van_regio(melding.regio.instellingen))
            if plan.verstrekkingsvorm == Verstrekkingsvorm.PGB
            else None
        ),
        vier_ogen=goedgekeurd_door is not None,
        goedgekeurd_door=goedgekeurd_door,
        goedgekeurd_op=timezone.now() if goedgekeurd_door is not None else None,
    )
    omschrijving = f"Ingang {ingangsdatum:%d-%m-%Y}"
    if goedgekeurd_door is not None:
        omschrijving += f"; goedgekeurd door {goedgekeurd_door.get_full_name() or goedgekeurd_door.username}"
    _stap(melding, StapSoort.BESCHIKKING, besluitdatum, goedgekeurd_door or door, omschrijving)
    _bijwerken(melding)
    soort = BriefSoort.BESCHIKKING_PGB if beschikking.pgb_jaarbedrag_cent is not None else BriefSoort.BESCHIKKING
    _brief(soort, melding, beschikking_inhoud(beschikking), door)
    events.publish(BESCHIKKING_VASTGESTELD, beschikking_id=beschikking.pk)
    return beschikking


@transaction.atomic
def beschikking_voorstellen(
    *, door: Gebruiker, melding: Melding, besluitdatum: date, ingangsdatum: date, toelichting: str = ""
) -> Beschikking | Beschikkingsvoorstel:
    """The consultant's decision: below the four-eyes amount the beschikking at once, else a proposal that waits
    for a second consultant and has no effect until then."""
    if door.rol != Rol.CONSULENT:
        raise ToegangFout("Alleen een consulent stelt een beschikking vast.")
    melding, plan, _ = _beschikbaar(melding, besluitdatum)
    if Beschikkingsvoorstel.objects.filter(melding=melding).exists():
        raise ToegangFout("Er ligt al een voorstel voor deze beschikking; keur het goed of trek het in.")
    jaarbedrag = jaarbedrag_cent(plan, op=ingangsdatum)
    if jaarbedrag < drempel_cent(instellingen_van_regio(melding.regio.instellingen)):
        return beschikking_vaststellen(
            door=door, melding=melding, besluitdatum=besluitdatum, ingangsdatum=ingangsdatum, toelichting=toelichting
        )
    voorstel = Beschikkingsvoorstel.objects.create(
        melding=melding,
        besluitdatum=besluitdatum,
        ingangsdatum=ingangsdatum,
        toelichting=toelichting,
        jaarbedrag_cent=jaarbedrag,
        voorgesteld_door=door,
    )
    _stap(melding, StapSoort.VOORSTEL, besluitdatum, door, f"Geraamd {format_euro(jaarbedrag)} per jaar")
    return voorstel


@transaction.atomic
def beschikking_goedkeuren(*, door: Gebruiker, voorstel: Beschikkingsvoorstel) -> Beschikking:
    """A second consultant of the client's municipality approves: only now the beschikking takes effect (and the
    assignments are created). The proposer can never approve their own proposal; both are recorded."""
    voorstel = (
        Beschikkingsvoorstel.objects.select_for_update(of=("self",))
        .select_related("melding__client")
        .get(pk=voorstel.pk)
    )
    if door.rol != Rol.CONSULENT or not door.is_active:
        raise ToegangFout("Alleen een consulent keurt een beschikking goed.")
    if door.pk == voorstel.voorgesteld_door_id:
        raise ToegangFout("U kunt uw eigen voorstel niet goedkeuren: een tweede consulent moet dat doen (vier ogen).")
    fout = andere_persoon_fout(
        voorsteller=voorstel.voorgesteld_door, goedkeurder=door, werk_sinds=voorstel.voorgesteld_op
    )
    if fout is not None:
        raise ToegangFout(fout)
    if not door.gemeenten.filter(pk=voorstel.melding.client.gemeente_id).exists():
        raise ToegangFout("Deze cliënt woont niet in een van uw gemeenten.")
    melding, plan, verslag = _beschikbaar(voorstel.melding, voorstel.besluitdatum)
    beschikking = _vaststellen(
        melding=melding,
        plan=plan,
        verslag=verslag,
        besluitdatum=voorstel.besluitdatum,
        ingangsdatum=voorstel.ingangsdatum,
        toelichting=voorstel.toelichting,
        door=voorstel.voorgesteld_door,
        jaarbedrag=voorstel.jaarbedrag_cent,
        goedgekeurd_door=door,
    )
    voorstel.delete()
    return beschikking


@transaction.atomic
def voorstel_intrekken(*, door: Gebruiker, voorstel: Beschikkingsvoorstel) -> None:
    """Withdraw a proposal (the proposer, or the second consultant instead of approving): nothing took effect."""
    if door.rol != Rol.CONSULENT:
        raise ToegangFout("Alleen een consulent trekt een voorstel in.")
    _stap(voorstel.melding, StapSoort.VOORSTEL_INGETROKKEN, timezone.localdate(), door)
    voorstel.delete()


# ------------------------------------------------------------------ other outcomes: afwijzing, buiten behandeling,
# ---------------------------------------------------------------------------- intrekking, algemene voorziening


def _afhandelen(
    *, melding: Melding, door: Gebruiker, soort: AfhandelingSoort, datum: date, **velden: Any
) -> Afhandeling:
    if door.rol != Rol.CONSULENT:
        raise ToegangFout("Alleen een consulent handelt een melding af.")
    melding = (
        Melding.objects.select_for_update(of=("self",)).select_related("client__gemeente", "regio").get(pk=melding.pk)
    )
    _niet_beschikt(melding)
    if Beschikkingsvoorstel.objects.filter(melding=melding).exists():
        raise ToegangFout("Er ligt een voorstel voor een beschikking; trek dat eerst in.")
    if datum < melding.melddatum:
        raise ToegangFout("De afhandeling kan niet vóór de melding liggen.")
    _niet_in_de_toekomst(datum, "De datum")
    afhandeling = Afhandeling.objects.create(melding=melding, soort=soort, datum=datum, door=door, **velden)
    _stap(melding, StapSoort.AFHANDELING, datum, door, afhandeling.get_soort_display())
    _bijwerken(melding)
    _brief(BriefSoort(soort), melding, briefteksten.afhandeling_inhoud(afhandeling), door)
    return afhandeling


@transaction.atomic
def melding_afwijzen(
    *, door: Gebruiker, melding: Melding, besluitdatum: date, grondslag: str, redenen: str
) -> Afhandeling:
    """Refuse the aanvraag: a beschikking (besluit) with the reasons, the legal ground and the objection clause."""
    if melding.aanvraag_op is None:
        raise ToegangFout(
            "Er is nog geen aanvraag: leg eerst vast wanneer de cliënt het onderzoeksverslag ondertekende."
        )
    if besluitdatum < melding.aanvraag_op:
        raise ToegangFout("Het besluit kan niet vóór de aanvraag liggen.")
    if grondslag not in Afwijzingsgrond.values:
        raise ToegangFout("Kies de grondslag van de afwijzing.")
    if not redenen.strip():
        raise ToegangFout("Schrijf op waarom de aanvraag wordt afgewezen; dat staat in de brief.")
    return _afhandelen(
        melding=melding,
        door=door,
        soort=AfhandelingSoort.AFWIJZING,
        datum=besluitdatum,
        grondslag=grondslag,
        redenen=redenen.strip(),
    )


@transaction.atomic
def buiten_behandeling_stellen(
    *, door: Gebruiker, melding: Melding, besluitdatum: date, hersteltermijn_tot: date, ontbrekend: str
) -> Afhandeling:
    """Awb art. 4:5: the aanvraag is not processed because the client did not complete it within the term given.
    Only after that term has passed; the decision is open to objection."""
    if melding.aanvraag_op is None:
        raise ToegangFout("Buiten behandeling stellen kan alleen een aanvraag (het ondertekende verslag).")
    if hersteltermijn_tot < melding.aanvraag_op:
        raise ToegangFout("De hersteltermijn kan niet vóór de aanvraag eindigen.")
    if besluitdatum <= hersteltermijn_tot:
        raise ToegangFout(
            "De cliënt heeft tot en met de hersteltermijn de tijd om de aanvraag aan te vullen (Awb art. 4:5); "
            "besluit pas daarna."
        )
    if not ontbrekend.strip():
        raise ToegangFout("Noem welke gegevens ontbreken; dat staat in de brief.")
    return _afhandelen(
        melding=melding,
        door=door,
        soort=AfhandelingSoort.BUITEN_BEHANDELING,
        datum=besluitdatum,
        hersteltermijn_tot=hersteltermijn_tot,
        redenen=ontbrekend.strip(),
    )


@transaction.atomic
def melding_intrekken(*, door: Gebruiker, melding: Melding, ingetrokken_op: date, toelichting: str = "") -> Afhandeling:
    """The client withdraws the melding (or aanvraag): no decision follows; the letter confirms it."""
    return _afhandelen(
        melding=melding,
        door=door,
        soort=AfhandelingSoort.INTREKKING,
        datum=ingetrokken_op,
        redenen=toelichting.strip(),
    )


@transaction.atomic
def algemene_voorziening_afsluiten(
    *, door: Gebruiker, melding: Melding, afgesloten_op: date, voorziening: str, toelichting: str = ""
) -> Afhandeling:
    """The melding ends with a general facility (no aanvraag, no beschikking)."""
    if melding.aanvraag_op is not None:
        raise ToegangFout(
            "Er ligt een aanvraag: daarop moet een besluit volgen. Wijs die af met als grond de algemene voorziening."
        )
    if not voorziening.strip():
        raise ToegangFout("Vul de algemene voorziening in.")
    return _afhandelen(
        melding=melding,
        door=door,
        soort=AfhandelingSoort.ALGEMENE_VOORZIENING,
        datum=afgesloten_op,
        algemene_voorziening=voorziening.strip()[:200],
        redenen=toelichting.strip(),
    )
