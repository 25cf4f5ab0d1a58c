"""Demo messages: the whole chain in real XML through the file drop (var/uitwisseling/<partij>/in|uit).

Every pending 301 goes out (assignments from beschikkingen and the demo contracts), the providers answer with a
302; the municipality ends a few of those provisions (death, Wlz, end of need: a 301 with the RedenWijziging);
then a few demo providers report a start (305 -> 306), one a temporary stop and then a definitive stop
(307 -> 308), and one sends a verzoek om toewijzing (315 -> 316) that stays open for the municipality to answer.
Idempotent: the provider part runs only while no 305 exists; the exchange itself never applies a file twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from wmoketen.toewijzingen.beeindigen import lopende_voorzieningen
from wmoketen.toewijzingen.constants import RedenBeeindiging, VerzoekSoort, VerzoekStatus
from wmoketen.toewijzingen.demo import vul_beeindigingen
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.models import Start, Toewijzing, Verzoek
from wmoketen.toewijzingen.services import vorm_van

from .constants import Richting, Status
from .declaratiedemo import vul_declaraties
from .models import Bericht
from .services import AFWIJZEN, start_melden, stop_melden, vot_versturen, vow_beantwoorden, vow_versturen
from .uitwisseling.bouwers import Aanvraag, Wijziging
from .uitwisseling.transport import standaard_map
from .uitwisseling.verwerken import uitwisseling_verwerken

AANTAL_STARTS = 3


def _geaccepteerde_toewijzingen() -> list[Toewijzing]:
    """Demo-provider toewijzingen whose 301 was accepted (302 without error codes), without a start yet."""
    goed = Bericht.objects.filter(richting=Richting.UIT, soort="301", status=Status.GOEDGEKEURD)
    paren = set(goed.values_list("client_id", "agb_code"))
    result = []
    for t in (
        Toewijzing.objects.filter(aanbieder__is_demo=True, starts__isnull=True)
        .select_related("client__gemeente", "aanbieder", "product")
        .order_by("toewijzing_nummer")
    ):
        if (t.client_id, t.aanbieder.agb_code) in paren:
            result.append(t)
    return result


def vul_demo(log: Callable[[str], None]) -> None:
    verslag = uitwisseling_verwerken()
    log(f"uitwisseling ({standaard_map()}): {verslag.samenvatting()}")
    vul_beeindigingen(log)  # the municipality ends provisions the providers received: the 301 with the reason
    uitwisseling_verwerken()
    vul_declaraties(log)
    if Bericht.objects.filter(soort="305").exists():
        return
    _starts_en_verzoeken()
    _wijzigingsverzoek(log)
    aantal = Bericht.objects.count()
    log(f"{aantal} iWmo-berichten in de uitwisseling (starts, stops en verzoeken om toewijzing en wijziging)")


def _starts_en_verzoeken() -> None:
    vandaag = timezone.localdate()
    gestart = []
    for t in _geaccepteerde_toewijzingen()[:AANTAL_STARTS]:
        begindatum = max(t.ingangsdatum, vandaag - timedelta(days=7))
        if t.einddatum is not None and begindatum > t.einddatum:
            begindatum = t.ingangsdatum
        start_melden(toewijzing=t, begindatum=begindatum)
        gestart.append(t)
    uitwisseling_verwerken()
    start = Start.objects.filter(toewijzing__in=gestart).order_by("pk").first()
    if start is not None:
        stop_melden(start=start, reden_beeindiging=RedenBeeindiging.TIJDELIJK, einddatum=start.begindatum)
        uitwisseling_verwerken()
        stop_melden(start=start, reden_beeindiging=RedenBeeindiging.VOLGENS_PLAN, einddatum=start.begindatum)
        uitwisseling_verwerken()
    if gestart:
        t = gestart[-1]
        vorm = vorm_van(t.product, vandaag)
        if vorm.vorm == Vorm.OMVANG:
            aanvraag = Aanvraag(
                referentie_aanbieder=f"DEMO-VOT-{t.toewijzing_nummer}",
                product_categorie=t.product.categorie,
                product_code=t.product.productcode,
                ingangsdatum=vandaag + timedelta(days=14),
                einddatum=vandaag + timedelta(days=14 + 180),
                volume=t.volume or 2,
                eenheid=vorm.eenheid,
                frequentie=vorm.frequentie,
            )
            vot_versturen(client=t.client, aanbieder=t.aanbieder, aanvragen=[aanvraag])
            uitwisseling_verwerken()


def _wijzigingsverzoek(log: Callable[[str], None]) -> None:
    """A provider asks for more hours on a running assignment (317 -> 318); the municipality refuses it as a whole
    (319 -> 320), so the provider's portal and the municipality's worklist both show the whole exchange."""
    vandaag = timezone.localdate()
    goed = Bericht.objects.filter(richting=Richting.UIT, soort="301", status=Status.GOEDGEKEURD)
    paren = set(goed.values_list("client_id", "agb_code"))
    for t in (
        Toewijzing.objects.filter(aanbieder__is_demo=True, ingangsdatum__lte=vandaag, einddatum__gt=vandaag)
        .exclude(starts__stops__isnull=False)
        .select_related("client__gemeente", "aanbieder", "product")
        .order_by("toewijzing_nummer")
    ):
        vorm = vorm_van(t.product, vandaag)
        if (t.client_id, t.aanbieder.agb_code) not in paren or vorm.vorm != Vorm.OMVANG or t.volume is None:
            continue
        open_ = Verzoek.objects.filter(status__in=[VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK])
        if open_.filter(client=t.client, aanbieder=t.aanbieder).exists():
            continue  # one verzoek at a time per client and provider (TR374); the 315 above stays open
        anderen = lopende_voorzieningen(t.client, vandaag)
        referentie = f"DEMO-VOW-{t.toewijzing_nummer}"
        vow_versturen(
            client=t.client,
            aanbieder=t.aanbieder,
            referentie_aanbieder=referentie,
            reden_verzoek="1",
            ongewijzigd=sorted(
                a.toewijzing_nummer for a in anderen if a.aanbieder_id == t.aanbieder_id and a.pk != t.pk
            ),
            te_wijzigen=[
                Wijziging(
                    toewijzing_nummer=t.toewijzing_nummer,
                    gewenste_ingangsdatum=t.ingangsdatum,
                    einddatum=t.einddatum,
                    volume=t.volume + 2,
                    eenheid=vorm.eenheid,
                    frequentie=vorm.frequentie,
                )
            ],
            nieuw=[],
        )
        uitwisseling_verwerken()
        verzoek = Verzoek.objects.filter(soort=VerzoekSoort.VOW, referentie_aanbieder=referentie).first()
        if verzoek is not None:
            vow_beantwoorden(verzoek=verzoek, besluit=AFWIJZEN, reden_afwijzing="2")
            uitwisseling_verwerken()
            log(f"verzoek om wijziging (317) van {t.aanbieder.naam} afgewezen met een 319")
        return


def rond_af(log: Callable[[str], None]) -> None:
    """The exchange once more after every app's demo: the 301s of assignments later demos made (monitoring) go out
    and are answered now, not on the first action in the portal or the next run of the demo."""
    log(f"uitwisseling na de demo: {uitwisseling_verwerken().samenvatting()}")
