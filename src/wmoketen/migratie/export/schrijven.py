"""The export of a region's complete data in open formats, so another system can take over:

    LEESMIJ.md                 what is where
    manifest.json              tables with their row counts and money totals, every file with its SHA-256
    woordenboek.csv / .md      the data dictionary (woordenboek.py)
    tabellen/<app>_<model>.csv every table of the register (register.py), limited to the region and scope
    berichten/<soort>/...      the messages as iWmo XML, exactly as sent and received (the municipality's copies)
    berichten/afgeleid/...     messages derived from state that no stored message carries (afgeleid.py)
    sjablonen/...              the filled templates of the import (clienten, toewijzingsproducten, ...)
    brieven/...                the letters as sent (PDF); documenten/: the ondersteuningsplannen as PDF
    logboek/logboek.csv        the Logboek dataverwerkingen of these clients and users, with its hash chain

The berichten/ and sjablonen/ folders are exactly what `import_draaien` reads: the export reimports into an empty
wmoketen (after its region file is loaded). Who exports sees only the clients in scope (`client_scope`), and each
exported client gets a Logboek record (exporteren).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.selectors import client_scope
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.models import Verwerking
from wmoketen.audit.services import client_pseudoniem, verwerkingen_log
from wmoketen.berichten.codec import Bericht as CodecBericht
from wmoketen.berichten.codec import SchemaValidationError, build
from wmoketen.berichten.constants import Richting
from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.declaraties.constants import BatchStatus, DeclaratieStatus, PrestatieStatus
from wmoketen.declaraties.models import Betaalregel, Declaratie, Prestatie
from wmoketen.herindicatie.models import Evaluatie
from wmoketen.toegang.models import Brief, Ondersteuningsplan, OvergenomenBeschikking
from wmoketen.toegang.pdf import plan_pdf
from wmoketen.toewijzingen.models import Start, Toewijzing
from wmoketen.toewijzingen.services import vorm_van

from ..constants import Soort, Status
from ..fouten import MigratieFout
from ..models import Migratie
from ..sjablonen.definities import (
    BESCHIKKINGEN,
    BETALINGEN,
    BUDGETPLAFONDS,
    CLIENTEN,
    EVALUATIES,
    TOEWIJZINGSPRODUCTEN,
)
from .afgeleid import AFGELEID, Teller, declaraties_afleiden, regie_afleiden, toewijzingen_afleiden, versies_in_301
from .register import TABELLEN, Bereik, Tabel, bericht_bestand, brief_bestand
from .uitvoer import Uitvoer
from .woordenboek import kolommen, kolomnaam, woordenboek_csv, woordenboek_md

FORMAAT = "wmoketen-export 1"


def bereik_voor(regio: Regio, gebruiker: Gebruiker | None) -> Bereik:
    """The region, limited to what `gebruiker` may see (None: the system, e.g. the command line)."""
    gemeenten = regio.gemeenten.all()
    clienten = Client.objects.filter(gemeente__in=gemeenten)
    if gebruiker is not None and not gebruiker.is_superuser:
        gemeenten = gemeenten.filter(pk__in=gebruiker.gemeenten.all())
        clienten = Client.objects.filter(client_scope(gebruiker), gemeente__in=gemeenten)
    clienten = clienten.order_by().values("pk")  # type: ignore[assignment]
    aanbieders = Aanbieder.objects.filter(
        Q(overeenkomsten__regio=regio) | Q(toewijzingen__client__in=clienten) | Q(declaraties__gemeente__in=gemeenten)
    ).distinct()
    gebruikers = Gebruiker.objects.filter(Q(regio=regio) | Q(aanbieder__in=aanbieders)).distinct()
    return Bereik(regio, gemeenten, clienten, aanbieders, gebruikers)


def export_aanmaken(*, regio: Regio, doel: Path | str | None = None, door: Gebruiker | None = None) -> Migratie:
    """Register an export; without `doel` it is written under var/migratie/ (for download from the page)."""
    if door is not None and not door.is_superuser and not (door.is_functioneel_beheer and door.regio_id == regio.pk):
        raise MigratieFout("Alleen functioneel beheer van deze regio mag haar gegevens exporteren.")
    migratie = Migratie.objects.create(soort=Soort.EXPORT, regio=regio, bron="", gestart_door=door)
    pad = Path(doel) if doel else Path(settings.VAR_DIR) / "migratie" / f"export-{regio.code}-{migratie.pk}.zip"
    migratie.bron = str(pad)
    migratie.save(update_fields=["bron"])
    return migratie


def export_draaien(migratie_id: int) -> Migratie:
    """Write the export (see the module docstring). Idempotent: a finished export is left as it is; an
    interrupted one is written again from the start (its half file never had the final name)."""
    migratie = Migratie.objects.select_related("regio", "gestart_door").get(pk=migratie_id, soort=Soort.EXPORT)
    if migratie.status == Status.KLAAR:
        return migratie
    stappen = len(TABELLEN) + 5
    Migratie.objects.filter(pk=migratie.pk).update(status=Status.BEZIG, fout="", totaal=stappen, verwerkt=0)
    uitvoer = Uitvoer(Path(migratie.bron))
    try:
        samenvatting = _schrijf(migratie, uitvoer)
        uitvoer.sluiten()
    except Exception as exc:
        uitvoer.afbreken()
        Migratie.objects.filter(pk=migratie.pk).update(status=Status.ONDERBROKEN, fout=f"{exc}"[:4000])
        raise
    migratie.refresh_from_db()
    migratie.tellingen = samenvatting
    migratie.status = Status.KLAAR
    migratie.verwerkt = migratie.totaal
    migratie.klaar_op = timezone.now()
    migratie.rapport_md = _rapport(migratie, samenvatting)
    migratie.save()
    return migratie


def _voortgang(migratie: Migratie) -> None:
    Migratie.objects.filter(pk=migratie.pk).update(verwerkt=migratie.verwerkt + 1)
    migratie.verwerkt += 1


def _schrijf(migratie: Migratie, uitvoer: Uitvoer) -> dict[str, Any]:
    bereik = bereik_voor(migratie.regio, migratie.gestart_door)
    tabellen: dict[str, int] = {}
    for tabel in TABELLEN:
        with uitvoer.tekst(f"tabellen/{tabel.naam}.csv") as f:
            tabellen[tabel.naam] = _tabel(tabel, bereik, f)
        _voortgang(migratie)
    with uitvoer.tekst("woordenboek.csv") as f:
        woordenboek_csv(f)
    uitvoer.schrijf("woordenboek.md", woordenboek_md().encode())
    berichten = _berichten(bereik, uitvoer)
    _voortgang(migratie)
    afgeleid = _afgeleid(bereik, uitvoer)
    _voortgang(migratie)
    _sjablonen(bereik, uitvoer)
    brieven = _brieven(bereik, uitvoer)
    _voortgang(migratie)
    logboek = _logboek(bereik, uitvoer)
    _voortgang(migratie)
    geld = _geld(bereik)
    client_ids = list(bereik.clienten.values_list("pk", flat=True))
    samenvatting = {
        "formaat": FORMAAT,
        "regio": migratie.regio.code,
        "aangemaakt_op": timezone.now().isoformat(),
        "aangemaakt_door": migratie.gestart_door.username if migratie.gestart_door else "systeem",
        "tabellen": tabellen,
        "geld": geld,
        "berichten": berichten,
        "afgeleid": afgeleid,
        "brieven": brieven,
        "logboek": logboek,
        "clienten": len(client_ids),
    }
    uitvoer.schrijf("LEESMIJ.md", _leesmij(samenvatting).encode())
    uitvoer.schrijf(
        "manifest.json",
        json.dumps({**samenvatting, "bestanden": uitvoer.bestanden}, indent=1, ensure_ascii=False).encode(),
    )
    verwerkingen_log(
        actor=migratie.gestart_door,
        actie=Actie.EXPORTEREN,
        verwerkingsactiviteit=Verwerkingsactiviteit.BEHEER,
        client_ids=client_ids,
        object_type="export",
        object_id=str(migratie.pk),
    )
    _voortgang(migratie)
    return samenvatting


def waarde(v: object) -> str:
    """A cell as the dictionary describes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _tabel(tabel: Tabel, bereik: Bereik, uit: IO[str]) -> int:
    velden = kolommen(tabel)
    concreet = [v for v in velden if v.concrete]
    veelvoud = [v for v in velden if v.many_to_many]
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow([kolomnaam(v) for v in velden] + list(tabel.extra))
    rijen = tabel.model._default_manager.filter(tabel.filter(bereik)).order_by("pk")
    aantal = 0
    if veelvoud or tabel.extra:
        for obj in rijen.prefetch_related(*(v.name for v in veelvoud)).iterator(chunk_size=500):
            cellen = [waarde(getattr(obj, v.attname)) for v in concreet]
            cellen += [" ".join(str(r.pk) for r in getattr(obj, v.name).all()) for v in veelvoud]
            cellen += [waarde(functie(obj)) for _, functie in tabel.extra.values()]
            schrijver.writerow(cellen)
            aantal += 1
        return aantal
    for rij in rijen.values_list(*(v.attname for v in concreet)).iterator(chunk_size=5000):
        schrijver.writerow([waarde(c) for c in rij])
        aantal += 1
    return aantal


def _gemeentekopieen(bereik: Bereik) -> Any:
    """The municipality's copy of every message: the chain record the region keeps (a provider's copy through the
    portal holds the same bytes)."""
    return Bericht.objects.filter(partij__in=bereik.gemeentecodes, gemeente_code__in=bereik.gemeentecodes)


def _berichten(bereik: Bereik, uitvoer: Uitvoer) -> dict[str, int]:
    aantallen: dict[str, int] = defaultdict(int)
    rijen = _gemeentekopieen(bereik).filter(client__in=bereik.clienten) | _gemeentekopieen(bereik).filter(
        client__isnull=True
    )
    for b in rijen.order_by("pk").iterator(chunk_size=100):
        naam = bericht_bestand(b)
        if uitvoer.bestaat(naam):
            continue
        uitvoer.schrijf(naam, bytes(b.inhoud))
        aantallen[b.soort] += 1
    return dict(sorted(aantallen.items()))


def _afgeleid(bereik: Bereik, uitvoer: Uitvoer) -> dict[str, Any]:
    """Messages derived from state that no stored message carries (afgeleid.py)."""
    teller = Teller()
    aantallen: dict[str, int] = defaultdict(int)

    niet: list[str] = []

    def schrijf(bericht: CodecBericht, naam: str) -> bool:
        try:
            data = build(bericht)
        except SchemaValidationError as exc:  # state that no valid iWmo message can carry: named in the report
            niet.append(f"{naam}: {exc}")
            return False
        uitvoer.schrijf(f"{AFGELEID}/{bericht.SOORT.value}/{naam}.xml", data)
        aantallen[bericht.SOORT.value] += 1
        return True

    kopieen = _gemeentekopieen(bereik)
    toewijzingen = Toewijzing.objects.filter(client__in=bereik.clienten)
    toewijzingen_afleiden(toewijzingen, versies_in_301(kopieen.filter(richting=Richting.UIT)), teller, schrijf)
    starts = Start.objects.filter(client__in=bereik.clienten)
    regie_afleiden(starts, kopieen.filter(richting=Richting.IN), teller, schrijf)
    gedragen = kopieen.filter(soort="323").values("pk")
    zonder = Declaratie.objects.filter(gemeente__in=bereik.gemeenten).exclude(bericht_id__in=gedragen)
    _, zonder_bsn = declaraties_afleiden(zonder, teller, schrijf)
    return {"berichten": dict(sorted(aantallen.items())), "niet_af_te_leiden": zonder_bsn + niet}


def _sjablonen(bereik: Bereik, uitvoer: Uitvoer) -> None:
    with uitvoer.tekst(f"sjablonen/{CLIENTEN.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        namen = [k.naam for k in CLIENTEN.kolommen]
        schrijver.writerow(namen)
        for c in Client.objects.filter(pk__in=bereik.clienten).select_related("gemeente").order_by("pk").iterator(2000):
            rij = {"bsn": c.bsn, "gemeente": c.gemeente.cbs_code, **{k: getattr(c, k) for k in namen[2:]}}
            schrijver.writerow([waarde(rij[k]) for k in namen])
    with uitvoer.tekst(f"sjablonen/{TOEWIJZINGSPRODUCTEN.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow([k.naam for k in TOEWIJZINGSPRODUCTEN.kolommen])
        toewijzingen = Toewijzing.objects.filter(client__in=bereik.clienten).select_related("product")
        for t in toewijzingen.prefetch_related("product__bekostigingen").order_by("toewijzing_nummer").iterator(2000):
            if not vorm_van(t.product, t.ingangsdatum).met_productcode:
                schrijver.writerow([t.toewijzing_nummer, t.product.productcode])
    with uitvoer.tekst(f"sjablonen/{BESCHIKKINGEN.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow([k.naam for k in BESCHIKKINGEN.kolommen])
        for o in (
            OvergenomenBeschikking.objects.filter(beschikking__melding__client__in=bereik.clienten)
            .select_related("beschikking__melding__client__gemeente")
            .order_by("beschikking_nummer")
        ):
            b = o.beschikking
            melddatum = b.melding.melddatum if b.melding.melddatum != b.besluitdatum else None
            client = b.melding.client  # its gemeente too: the BSN is unique per gemeente
            schrijver.writerow(
                [client.bsn, o.beschikking_nummer, b.besluitdatum.isoformat(), b.ingangsdatum.isoformat(),
                 b.einddatum.isoformat(), " ".join(str(n) for n in o.toewijzing_nummers), b.toelichting,
                 melddatum.isoformat() if melddatum else "", client.gemeente.cbs_code]
            )  # fmt: skip
    with uitvoer.tekst(f"sjablonen/{EVALUATIES.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow([k.naam for k in EVALUATIES.kolommen])
        for e in (
            Evaluatie.objects.filter(toewijzing__client__in=bereik.clienten, overgenomen=True)
            .select_related("toewijzing")
            .order_by("toewijzing__toewijzing_nummer", "gepland_op", "pk")
        ):
            schrijver.writerow([e.toewijzing.toewijzing_nummer, e.soort, e.gepland_op.isoformat()])
    with uitvoer.tekst(f"sjablonen/{BUDGETPLAFONDS.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow([k.naam for k in BUDGETPLAFONDS.kolommen])
        for p in (
            Budgetplafond.objects.filter(segment__regio=bereik.regio, verbruik_vooraf_cent__gt=0)
            .select_related("aanbieder", "segment")
            .order_by("aanbieder__agb_code", "segment__code", "jaar")
        ):
            schrijver.writerow([p.aanbieder.agb_code, p.segment.code, p.jaar, _euro(p.verbruik_vooraf_cent),
                                _euro(p.bedrag_cent)])  # fmt: skip
    with uitvoer.tekst(f"sjablonen/{BETALINGEN.naam}.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow([k.naam for k in BETALINGEN.kolommen])
        for agb, nummer, som, op in betaalde_declaraties(bereik.gemeenten):
            schrijver.writerow([agb, nummer, _euro(som), op.isoformat()])


def _euro(cent: int) -> str:
    """Cents as the templates read an amount (1234,56; negative with a minus)."""
    teken = "-" if cent < 0 else ""
    return f"{teken}{abs(cent) // 100},{abs(cent) % 100:02d}"


def betaalde_declaraties(gemeenten: Any) -> Iterator[tuple[str, str, int, date]]:
    """(AGB, DeclaratieNummer, amount, paid on) of every declaration of these municipalities whose approved
    prestaties are all in paid batches (approved by four eyes, or taken over as paid): the template betalingen.
    A declaration paid in part, or waiting in a concept batch, is not paid yet and stays out."""
    betaald = [BatchStatus.GOEDGEKEURD, BatchStatus.OVERGENOMEN]
    goedgekeurd = Prestatie.objects.filter(declaratie=OuterRef("pk"), status=PrestatieStatus.GOEDGEKEURD)
    open_ = goedgekeurd.exclude(betaalregel__batch__status__in=betaald)
    declaraties = (
        Declaratie.objects.filter(gemeente__in=gemeenten)
        .exclude(status=DeclaratieStatus.AFGEWEZEN)
        .filter(Exists(goedgekeurd))
        .exclude(Exists(open_))
        .select_related("aanbieder")
        .order_by("aanbieder__agb_code", "declaratie_nummer", "pk")
    )
    for d in declaraties.iterator(chunk_size=2000):
        regels = Betaalregel.objects.filter(prestatie__declaratie=d, batch__status__in=betaald)
        som = regels.aggregate(s=Sum("bedrag_cent"))["s"] or 0
        batch = regels.select_related("batch").order_by("-batch__vervaldatum").first()
        assert batch is not None
        b = batch.batch
        op = b.goedgekeurd_op.date() if b.goedgekeurd_op is not None else b.vervaldatum
        yield d.aanbieder.agb_code, d.declaratie_nummer, som, op


def _brieven(bereik: Bereik, uitvoer: Uitvoer) -> int:
    """Every letter as it was sent (the stored PDF, byte for byte), and each ondersteuningsplan as PDF under
    documenten/ (a plan is a document the client signs, not a letter: it is made from the dossier)."""
    aantal = 0
    for b in Brief.objects.filter(client__in=bereik.clienten).order_by("pk").iterator(chunk_size=50):
        uitvoer.schrijf(brief_bestand(b), bytes(b.pdf))
        aantal += 1
    for p in Ondersteuningsplan.objects.filter(melding__client__in=bereik.clienten).order_by("pk"):
        uitvoer.schrijf(f"documenten/ondersteuningsplan-{p.pk}-v{p.versie}.pdf", plan_pdf(p, invariant=True))
        aantal += 1
    return aantal


LOGBOEK_KOLOMMEN = (
    "volgnummer",
    "tijdstip",
    "actor_id",
    "actor_omschrijving",
    "actie",
    "verwerkingsactiviteit",
    "client_pseudoniem",
    "object_type",
    "object_id",
    "resultaat",
    "vorige_hash",
    "hash",
)


def _logboek(bereik: Bereik, uitvoer: Uitvoer) -> int:
    """The records about these clients (by pseudonym) or by these users, in chain order, with their hashes: a
    receiver recomputes each hash over its own fields and the previous hash (audit.keten) for the records it got."""
    pseudoniemen = {client_pseudoniem(pk) for pk in bereik.clienten.values_list("pk", flat=True)}
    gebruikers = set(bereik.gebruikers.values_list("pk", flat=True))
    aantal = 0
    with uitvoer.tekst("logboek/logboek.csv") as f:
        schrijver = csv.writer(f, delimiter=";", lineterminator="\n")
        schrijver.writerow(LOGBOEK_KOLOMMEN)
        rijen = Verwerking.objects.order_by("volgnummer").values_list(*LOGBOEK_KOLOMMEN)
        for rij in rijen.iterator(chunk_size=5000):
            if rij[6] in pseudoniemen or rij[2] in gebruikers:
                schrijver.writerow([waarde(c) for c in rij])
                aantal += 1
    uitvoer.schrijf("logboek/LEESMIJ.md", _LOGBOEK_LEESMIJ.encode())
    return aantal


_LOGBOEK_LEESMIJ = """# Logboek dataverwerkingen

Eén regel per persoon per verwerking (NEN 7513): wie (actor), wanneer, wat (actie, verwerkingsactiviteit), over
wie (gepseudonimiseerd: HMAC-SHA256 van het cliënt-id met de sleutel van de regio, nooit het BSN) en met welk
resultaat. De regels vormen een hashketen: `hash` is SHA-256 over `vorige_hash` en de velden van de regel
(volgorde: vorige_hash, volgnummer, tijdstip, actor_id, actor_omschrijving, actie, verwerkingsactiviteit,
client_pseudoniem, object_type, object_id, resultaat), zodat elke wijziging of weglating zichtbaar is. Deze export
bevat de regels over de cliënten en gebruikers van de regio; tussen twee opeenvolgende regels kunnen regels over
anderen ontbreken (volgnummer).
"""


def _geld(bereik: Bereik) -> dict[str, int]:
    prestaties = Prestatie.objects.filter(declaratie__gemeente__in=bereik.gemeenten)
    totalen = prestaties.aggregate(ingediend=Sum("ingediend_bedrag_cent"), toegekend=Sum("toegekend_cent"))
    from wmoketen.declaraties.models import Betaalregel

    betaald = Betaalregel.objects.filter(batch__gemeente__in=bereik.gemeenten).aggregate(s=Sum("bedrag_cent"))["s"]
    return {
        "prestaties_ingediend_cent": totalen["ingediend"] or 0,
        "prestaties_toegekend_cent": totalen["toegekend"] or 0,
        "betaalregels_cent": betaald or 0,
    }


def _leesmij(s: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"# Export van regio {s['regio']} uit wmoketen",
            "",
            f"Gemaakt op {s['aangemaakt_op']} door {s['aangemaakt_door']}; {s['clienten']} cliënten.",
            "",
            "* `tabellen/`: elke tabel als CSV (UTF-8, puntkomma); betekenis van elke kolom in `woordenboek.md`.",
            "* `berichten/`: de iWmo-berichten zoals verzonden en ontvangen; `berichten/afgeleid/`: berichten die uit",
            "  de stand zijn opgebouwd voor wat nooit als bericht verstuurd is (herkenbaar aan BerichtIdentificatie",
            "  AFG...).",
            "* `sjablonen/`: de gegevens die geen bericht draagt, in de sjablonen van de import.",
            "* `brieven/`: de brieven zoals verstuurd (PDF); `documenten/`: de ondersteuningsplannen als PDF.",
            "* `logboek/`: het logboek dataverwerkingen met zijn hashketen.",
            "* `manifest.json`: aantallen per tabel, geldtotalen en de SHA-256 van elk bestand.",
            "",
            "Terug in wmoketen: laad het regiobestand en importeer deze map of dit zip-bestand "
            "(`wmoketen migratie proefdraai`, daarna `wmoketen migratie uitvoeren`).",
            "",
        ]
    )


def _rapport(migratie: Migratie, s: dict[str, Any]) -> str:
    regels = [
        f"# Export van regio {migratie.regio.naam}",
        "",
        f"* Bestand: `{migratie.bron}`",
        f"* Cliënten: {s['clienten']}",
        f"* Berichten: {sum(s['berichten'].values())}; afgeleid: {sum(s['afgeleid']['berichten'].values())}",
        f"* Brieven: {s['brieven']}; logboekregels: {s['logboek']}",
        "",
        "| tabel | rijen |",
        "|---|---|",
    ]
    regels += [f"| {naam} | {aantal} |" for naam, aantal in s["tabellen"].items()]
    if s["afgeleid"]["niet_af_te_leiden"]:
        regels += ["", "Niet als bericht af te leiden (wel in de tabellen):", ""]
        regels += [f"* {n}" for n in s["afgeleid"]["niet_af_te_leiden"]]
    return "\n".join(regels) + "\n"
