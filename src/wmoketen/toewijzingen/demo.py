"""Demo assignments: a few clients per municipality get a product from a contracted demo provider, through the
service (so the funding model decides Omvang or Budget, and the next exchange run sends the 301)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst
from wmoketen.core.fouten import Domeinfout

from .beeindigen import lopende_voorzieningen, voorziening_beeindigen
from .constants import BeeindigingsReden
from .models import Beeindiging, Toewijzing, Toewijzingsbericht
from .services import ToewijzingFout, toewijzing_aanmaken


@transaction.atomic
def vul_demo(log: Callable[[str], None]) -> None:
    nieuw = 0
    for client in Client.objects.select_related("gemeente").order_by("bsn"):
        if client.toewijzingen.exists() or int(client.bsn[-2:]) % 3 == 0:
            continue  # not every client has care yet
        overeenkomsten = list(
            Overeenkomst.objects.filter(regio__gemeenten=client.gemeente, aanbieder__is_demo=True)
            .select_related("aanbieder", "regio")
            .prefetch_related("percelen__producten__bekostigingen")
            .order_by("regio__geldig_van", "kenmerk")
        )
        if not overeenkomsten:
            continue
        overeenkomst = overeenkomsten[int(client.bsn[-3:]) % len(overeenkomsten)]
        producten = [p for perceel in overeenkomst.percelen.all() for p in perceel.producten.all()]
        producten = [p for p in producten if any(b.model != "taakgericht" for b in p.bekostigingen.all())]
        if not producten:
            continue
        product = producten[int(client.bsn[-4:]) % len(producten)]
        ingangsdatum = max(overeenkomst.ingangsdatum, overeenkomst.regio.geldig_van)
        einddatum = overeenkomst.einddatum or ingangsdatum + timedelta(days=364)
        try:
            toewijzing_aanmaken(
                client=client,
                aanbieder=overeenkomst.aanbieder,
                product=product,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                volume=4,
            )
        except ToewijzingFout:
            continue  # e.g. no maximum budget in the catalogue: leave this client without care
        nieuw += 1
    log(f"{Toewijzing.objects.count()} demotoewijzingen ({nieuw} nieuw)")


# (reason, days from the region's day): a death last week, admission to the Wlz a few days ago (in the past: in
# agreement with the provider, OP186) and the end of the need in two weeks (with a letter)
BEEINDIGINGEN = [
    (BeeindigingsReden.OVERLIJDEN, -10),
    (BeeindigingsReden.WLZ, -3),
    (BeeindigingsReden.EINDE_BEHOEFTE, 14),
]


def vul_beeindigingen(log: Callable[[str], None], vandaag: date | None = None) -> None:
    """In every region the municipality ends a few provisions whose 301 went out, each with its reason, through the
    service (new versions, the next 301 with the RedenWijziging, the letter). Called by the message demo after
    the first exchange, so the provider saw the assignment before it is ended. Idempotent per region."""
    vandaag = vandaag or timezone.localdate()
    nieuw = 0
    for regio in Regio.objects.order_by("code"):
        if Beeindiging.objects.filter(toewijzingen__product__regio=regio).exists():
            continue
        consulent = Gebruiker.objects.filter(rol=Rol.CONSULENT, regio=regio).order_by("username").first()
        if consulent is None:
            continue
        dag = _speeldag(regio, vandaag)
        verzonden = Toewijzingsbericht.objects.filter(client__gemeente__in=consulent.gemeenten.all())
        kandidaten = iter(  # clients without a dossier first (an open melding of a deceased client would confuse)
            Client.objects.filter(pk__in=verzonden.values("client_id"), overleden_op__isnull=True)
            .annotate(dossiers=Count("meldingen"))
            .select_related("gemeente")
            .order_by("dossiers", "bsn")
        )
        for reden, dagen in BEEINDIGINGEN:
            per = dag + timedelta(days=dagen)
            for client in kandidaten:
                lopend = [t for t in lopende_voorzieningen(client, per) if t.ingangsdatum <= per]
                verzonden_nrs = _verzonden_nummers(client)
                if lopend and all(
                    t.product.regio_id == regio.pk and t.toewijzing_nummer in verzonden_nrs for t in lopend
                ):
                    break
            else:
                break
            try:
                voorziening_beeindigen(
                    door=consulent,
                    client=client,
                    reden=reden,
                    per=per,
                    akkoord_aanbieder=per < vandaag,
                    toelichting=TOELICHTING[reden],
                )
            except Domeinfout as fout:
                log(f"beëindiging overgeslagen ({regio.code}): {fout}")
                continue
            nieuw += 1
    log(f"{Beeindiging.objects.count()} beëindigde voorzieningen door de gemeente ({nieuw} nieuw)")


def _speeldag(regio: Regio, vandaag: date) -> date:
    """Today, or for a region whose agreements or demo assignments ended (De Fryske Marren 2022, Limburg-Noord
    2022-2024) a day in their last weeks, like the toegang demo does."""
    dagen = [vandaag]
    if regio.geldig_tot:
        dagen.append(regio.geldig_tot - timedelta(days=20))
    van_regio = Toewijzing.objects.filter(product__regio=regio, beschikking__isnull=True)
    laatste = van_regio.aggregate(m=Max("einddatum"))["m"]
    if laatste and not van_regio.filter(einddatum__isnull=True).exists():
        dagen.append(laatste - timedelta(days=20))
    return min(dagen)


TOELICHTING = {
    BeeindigingsReden.OVERLIJDEN: "Overlijden gemeld door de dochter van cliënt.",
    BeeindigingsReden.WLZ: "Cliënt is opgenomen in een verpleeghuis met een Wlz-indicatie.",
    BeeindigingsReden.EINDE_BEHOEFTE: "De doelen uit het plan zijn bereikt; cliënt redt het zelf weer.",
}


def _verzonden_nummers(client: Client) -> set[int]:
    return {n for nummers in client.toewijzingsberichten.values_list("toewijzing_nummers", flat=True) for n in nummers}
