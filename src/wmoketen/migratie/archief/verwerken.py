"""Taking over a batch of archived messages, per phase: 301s (clients, assignments, versions), requests
(315/317/319), starts and stops (305/307), declarations (323 with its 325), retours without their heen-bericht,
and what cannot be imported.

Each heen-bericht is handled together with the retour that answers it: the retour tells whether the old suite
accepted it (a 305 its 306 refused is kept as a message, but no start is made). Each message is taken over whole
or not at all: the domain services report a refusal per message, and a batch with refusals is done again without
them inside a savepoint (`_zonder_geweigerde`), so what a refused message would have created (a client) is not
left behind. The messages themselves are stored as the municipality's copies (`berichten.archief`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from django.db import transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.berichten.archief import (
    Archiefstuk,
    archiefstatus_zetten,
    archiefstuk_samenvatting,
    berichten_archiveren,
    gearchiveerd,
    heen_ophalen,
)
from wmoketen.berichten.codec import Bericht as CodecBericht
from wmoketen.berichten.codec import BerichtError
from wmoketen.berichten.codec.model.wmo301 import Wmo301
from wmoketen.berichten.codec.model.wmo305 import Wmo305
from wmoketen.berichten.codec.model.wmo307 import Wmo307
from wmoketen.berichten.codec.model.wmo315 import Wmo315
from wmoketen.berichten.codec.model.wmo317 import Wmo317
from wmoketen.berichten.codec.model.wmo319 import Wmo319
from wmoketen.berichten.codec.model.wmo323 import Wmo325
from wmoketen.berichten.constants import HEEN_VAN, RETOUR_VAN, Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.declaratie import status_na_325
from wmoketen.berichten.uitwisseling.stroom323 import Stroom323
from wmoketen.berichten.uitwisseling.toepassen import toepassen
from wmoketen.clienten.selectors import client_ids_bij_bsn
from wmoketen.clienten.services import Clientgegevens, clienten_overnemen
from wmoketen.declaraties.overname import Antwoord, DeclaratieOvername
from wmoketen.toewijzingen.models import Verzoek
from wmoketen.toewijzingen.overname import (
    Overname301,
    OvernameRegie,
    StartInvoer,
    StopInvoer,
    regie_overnemen,
    toewijzingen_overnemen,
    verzoek_antwoord_overnemen,
    verzoek_toekenning_overnemen,
)
from wmoketen.toewijzingen.selectors import toewijzing_nummer_bij
from wmoketen.toewijzingen.services import ToewijzingFout

from ..constants import Uitkomst
from ..fouten import MigratieFout
from ..models import Migratie, Migratiestap
from ..verslag import Afwijzingen, Regel, Verslag
from .kop import HUIDIG, Kop, NietImporteerbaar
from .lezen import Retour, als_32, lees_bericht, lees_retour
from .regio import Regiocontext, clientgegevens, versies

GOED = frozenset({"0200"})
AFGELEID = "Afgeleid uit de stand, nooit verzonden: overgenomen, geen bericht bewaard."
RETOUR_325 = "325"
VAN_GEMEENTE = frozenset({"306", "308", "316", "318", "325"})  # retours the municipality sent
VERWIJDEREN = "3"
Item = TypeVar("Item")


@dataclass
class Werk:
    """What every phase needs: the import, its source, the region and the report."""

    migratie: Migratie
    lezer: Callable[[Migratiestap], bytes]
    regio: Regiocontext
    verslag: Verslag
    afwijzingen: Afwijzingen
    proef: bool
    actor: object | None = None
    productkeuze: Callable[[int], str | None] | None = None
    gelogd: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _gewijzigd: dict[int, Migratiestap] = field(default_factory=dict)

    def klaar(self, stap: Migratiestap, uitkomst: str, reden: str = "") -> None:
        stap.klaar, stap.uitkomst, stap.reden = True, uitkomst, reden
        self.verslag.uitkomst(stap.soort, uitkomst)
        self._gewijzigd[stap.volgnummer] = stap

    def gewijzigde_stappen(self) -> list[Migratiestap]:
        """The units finished since the last call (to store with the batch)."""
        stappen, self._gewijzigd = list(self._gewijzigd.values()), {}
        return stappen

    def weiger(self, stap: Migratiestap, redenen: Sequence[str | Regel]) -> None:
        teksten = []
        for r in redenen:
            regel = r if isinstance(r, Regel) else Regel(stap.pad, r, stap.regel)
            self.afwijzingen.voeg_toe(regel)
            teksten.append(regel.reden)
        self.klaar(stap, Uitkomst.GEWEIGERD, " ".join(teksten)[:2000])

    def log(self, activiteit: str, client_ids: set[int]) -> None:
        self.gelogd[activiteit] |= client_ids


def kop_van(stap: Migratiestap) -> Kop:
    assert stap.dagtekening is not None
    return Kop(
        stap.versie,
        stap.soort,
        stap.afzender,
        stap.ontvanger,
        stap.identificatie,
        stap.dagtekening,
        stap.heen_afzender,
        stap.heen_identificatie,
    )


def is_afgeleid(stap: Migratiestap) -> bool:
    """A message an export derived from state (export/afgeleid.py): taken over, but never stored as a message."""
    return stap.pad.startswith("berichten/afgeleid/")


def _sleutel(g: Clientgegevens) -> tuple[int, str]:
    """A client is known by BSN within its gemeente (clienten_overnemen)."""
    return (g.gemeente_id, g.bsn)


def _ids_in(werk: Werk, cbs: str, bsns: Iterable[str]) -> dict[str, int]:
    """BSN -> client id of the gemeente `cbs` (none outside the region)."""
    gemeente = werk.regio.gemeenten.get(cbs)
    return client_ids_bij_bsn(bsns, gemeente=gemeente) if gemeente is not None else {}


def gemeentecode(stap: Migratiestap) -> str:
    return stap.afzender if len(stap.afzender) == 4 else stap.ontvanger


def retouren_bij(migratie: Migratie, stappen: Sequence[Migratiestap]) -> dict[int, Migratiestap]:
    """The retour of each heen-bericht in the archive (the first if the archive holds more), by heen volgnummer."""
    soorten = {RETOUR_VAN.get(s.soort, RETOUR_325 if s.soort == "323" else "") for s in stappen}
    kandidaten = Migratiestap.objects.filter(
        migratie=migratie, soort__in=soorten - {""}, heen_identificatie__in={s.identificatie for s in stappen}
    ).order_by("volgnummer")
    per_sleutel: dict[tuple[str, str, str], Migratiestap] = {}
    for r in kandidaten:
        per_sleutel.setdefault((r.soort, r.heen_afzender, r.heen_identificatie), r)
    uit = {}
    for s in stappen:
        soort = RETOUR_325 if s.soort == "323" else RETOUR_VAN.get(s.soort, "")
        retour = per_sleutel.get((soort, s.afzender, s.identificatie))
        if retour is not None and not retour.klaar:
            uit[s.volgnummer] = retour
    return uit


@dataclass
class Bij:
    """One heen-bericht of the batch with what was read of it."""

    stap: Migratiestap
    data: bytes
    berichten: list[CodecBericht]
    retour: Migratiestap | None = None
    retour_data: bytes = b""
    retour_gelezen: Retour | None = None
    gegevens: dict[str, Any] = field(default_factory=dict)

    @property
    def retour_codes(self) -> tuple[str, ...]:
        """The codes that judge the heen-bericht."""
        return self.retour_gelezen.oordeel if self.retour_gelezen is not None else ()

    @property
    def geweigerd_door_oude_systeem(self) -> bool:
        return bool(self.retour_codes) and not set(self.retour_codes) <= GOED


def _zonder_geweigerde(
    items: list[Item], doe: Callable[[list[Item]], list[list[str]]]
) -> tuple[list[Item], list[tuple[Item, list[str]]]]:
    """Run `doe` (which writes and returns the refusals per item) in a savepoint; when it refused items, roll back
    and run again without them, so a refused message leaves nothing behind. Returns (accepted, refused)."""
    geweigerd: list[tuple[Item, list[str]]] = []
    while items:
        punt = transaction.savepoint()
        fouten = doe(items)
        nieuw = [(i, f) for i, f in zip(items, fouten, strict=True) if f]
        if not nieuw:
            transaction.savepoint_commit(punt)
            break
        transaction.savepoint_rollback(punt)
        geweigerd += nieuw
        items = [i for i, f in zip(items, fouten, strict=True) if not f]
    return items, geweigerd


class Archiefverwerking:
    """The phases of the archive import; each method takes one batch of units of its phase."""

    def __init__(self, werk: Werk) -> None:
        self.werk = werk

    # --- reading -------------------------------------------------------------------------------------------

    def _lees(self, stappen: Sequence[Migratiestap], richting: str) -> list[Bij]:
        """Read the heen-berichten and their retours; those stored already are 'aanwezig', the unreadable are
        refused (with their retour)."""
        werk = self.werk
        retouren = retouren_bij(werk.migratie, stappen)
        bekend: dict[str, dict[str, int]] = {}
        for cbs in {gemeentecode(s) for s in stappen}:
            bekend[cbs] = gearchiveerd(
                partij=cbs, richting=richting, shas=[s.sha256 for s in stappen if gemeentecode(s) == cbs]
            )
        gelezen = []
        for stap in stappen:
            retour = retouren.get(stap.volgnummer)
            if stap.sha256 in bekend[gemeentecode(stap)]:
                werk.klaar(stap, Uitkomst.AANWEZIG)
                if retour is not None:
                    werk.klaar(retour, Uitkomst.MET_HEEN)
                continue
            try:
                data = werk.lezer(stap)
                bij = Bij(stap, data, lees_bericht(data, kop_van(stap)) if stap.soort != "323" else [], retour)
                if retour is not None:
                    bij.retour_data = werk.lezer(retour)
                    bij.retour_gelezen = lees_retour(bij.retour_data)
            except NietImporteerbaar as exc:
                werk.weiger(stap, [str(exc)])
                if retour is not None:
                    werk.klaar(retour, Uitkomst.MET_HEEN)
                continue
            gelezen.append(bij)
        return gelezen

    def _stukken(self, bij: Bij, *, client_id: int | None, richting: str, status: str) -> list[Archiefstuk]:
        """The municipality's copies of a heen-bericht and its retour."""
        stap = bij.stap
        heen = Archiefstuk(
            data=bij.data,
            sha256=stap.sha256,
            soort=stap.soort,
            richting=richting,
            partij=gemeentecode(stap),
            afzender=stap.afzender,
            ontvanger=stap.ontvanger,
            identificatie=stap.identificatie,
            dagtekening=kop_van(stap).dagtekening,
            status=status,
            client_id=client_id,
            retour_codes=list(bij.retour_codes),
            samenvatting=archiefstuk_samenvatting(bij.berichten[0]) if len(bij.berichten) == 1 else {},
            pad=stap.pad,
        )
        stukken = [heen]
        if bij.retour is not None:
            r, gelezen = bij.retour, bij.retour_gelezen
            assert r.dagtekening is not None and gelezen is not None
            stukken.append(
                Archiefstuk(
                    data=bij.retour_data,
                    sha256=r.sha256,
                    soort=r.soort,
                    richting=Richting.IN if richting == Richting.UIT else Richting.UIT,
                    partij=gemeentecode(stap),
                    afzender=r.afzender,
                    ontvanger=r.ontvanger,
                    identificatie=r.identificatie,
                    dagtekening=r.dagtekening,
                    identificatie_retour=gelezen.identificatie_retour,
                    status=Status.ONTVANGEN,
                    client_id=client_id,
                    retour_codes=list(gelezen.alle),
                    pad=r.pad,
                    heen=heen,
                )
            )
            self.werk.klaar(r, Uitkomst.MET_HEEN)
        return stukken

    @staticmethod
    def _status(bij: Bij, *, verzonden_door_gemeente: bool) -> str:
        if bij.retour is None:
            return Status.VERZONDEN if verzonden_door_gemeente else Status.ONTVANGEN
        return Status.AFGEKEURD if bij.geweigerd_door_oude_systeem else Status.GOEDGEKEURD

    def _log(self) -> None:
        """One Logboek record per client per activity per batch (not in a dry run: nothing happened, and the
        Logboek's chain lock would be held for the whole dry run)."""
        werk = self.werk
        if not werk.proef:
            for activiteit, client_ids in werk.gelogd.items():
                verwerkingen_log(
                    actor=werk.actor,
                    actie=Actie.AANMAKEN,
                    verwerkingsactiviteit=Verwerkingsactiviteit(activiteit),
                    client_ids=sorted(client_ids),
                    object_type="migratie",
                    object_id=str(werk.migratie.pk),
                )
        werk.gelogd.clear()

    # --- 301 -----------------------------------------------------------------------------------------------

    def toewijzingen(self, stappen: Sequence[Migratiestap]) -> None:
        werk = self.werk
        items: list[tuple[Bij, list[tuple[Clientgegevens, Overname301]]]] = []
        for bij in self._lees(stappen, Richting.UIT):
            try:
                gemeente = werk.regio.gemeente(bij.stap.afzender)
                aanbieder = werk.regio.aanbieder(bij.stap.ontvanger)
                delen = []
                for b in bij.berichten:
                    assert isinstance(b, Wmo301)
                    gegevens = clientgegevens(b.client, gemeente)
                    eigen = versies(
                        b.client.toegewezen_producten,
                        ctx=werk.regio,
                        cbs=gemeente.cbs_code,
                        versie_iwmo=bij.stap.versie,
                        keuze=werk.productkeuze,
                    )
                    verzonden = not is_afgeleid(bij.stap)
                    delen.append((gegevens, Overname301(0, aanbieder.pk, tuple(eigen), verzonden=verzonden)))
            except NietImporteerbaar as exc:
                werk.weiger(bij.stap, [str(exc)])
                if bij.retour is not None:
                    werk.klaar(bij.retour, Uitkomst.MET_HEEN)
                continue
            items.append((bij, delen))

        resultaat: dict[int, tuple[dict[tuple[int, str], int], set[tuple[int, str]], list[Any]]] = {}

        def doe(lijst: list[tuple[Bij, list[tuple[Clientgegevens, Overname301]]]]) -> list[list[str]]:
            clienten = clienten_overnemen([g for _, delen in lijst for g, _ in delen], bijwerken=True)
            plat = [replace(o, client_id=clienten.ids[_sleutel(g)]) for _, delen in lijst for g, o in delen]
            uitkomsten = iter(toewijzingen_overnemen(plat))
            fouten = []
            for bij, delen in lijst:
                eigen = [next(uitkomsten) for _ in delen]
                fouten.append([f for u in eigen for f in u.fouten])
                resultaat[bij.stap.volgnummer] = (clienten.ids, set(clienten.nieuw), eigen)
            return fouten

        goed, fout = _zonder_geweigerde(items, doe)
        for (bij, _), redenen in fout:
            werk.weiger(bij.stap, redenen)
            if bij.retour is not None:
                werk.klaar(bij.retour, Uitkomst.MET_HEEN)
        stukken: list[Archiefstuk] = []
        nieuwe_clienten: set[tuple[int, str]] = set()
        for bij, delen in goed:
            ids, nieuw, uitkomsten = resultaat[bij.stap.volgnummer]
            cbs, agb = bij.stap.afzender, bij.stap.ontvanger
            client_ids = {ids[_sleutel(g)] for g, _ in delen}
            nieuwe_clienten |= nieuw & {_sleutel(g) for g, _ in delen}
            werk.verslag.tel(
                "toewijzingen", sum(u.nieuwe_toewijzingen for u in uitkomsten), gemeente=cbs, aanbieder=agb
            )
            werk.verslag.tel(
                "toewijzingsversies", sum(u.nieuwe_versies for u in uitkomsten), gemeente=cbs, aanbieder=agb
            )
            werk.log(Verwerkingsactiviteit.TOEWIJZING, client_ids)
            if is_afgeleid(bij.stap):
                werk.klaar(bij.stap, Uitkomst.NIEUW, AFGELEID)
                continue
            werk.verslag.tel("berichten", 1 + (bij.retour is not None), gemeente=cbs, aanbieder=agb)
            eigen_client = ids[_sleutel(delen[0][0])] if len(delen) == 1 else None
            status = self._status(bij, verzonden_door_gemeente=True)
            stukken += self._stukken(bij, client_id=eigen_client, richting=Richting.UIT, status=status)
            werk.klaar(bij.stap, Uitkomst.NIEUW)
        werk.verslag.tel("clienten", len(nieuwe_clienten))
        berichten_archiveren(stukken)
        self._log()

    # --- 305 / 307 -----------------------------------------------------------------------------------------

    def regie(self, stappen: Sequence[Migratiestap]) -> None:
        werk = self.werk
        items: list[tuple[Bij, list[OvernameRegie], int | None]] = []
        stukken: list[Archiefstuk] = []
        gelezen = self._lees(stappen, Richting.IN)
        per_gemeente: dict[str, set[str]] = defaultdict(set)
        for bij in gelezen:
            per_gemeente[bij.stap.ontvanger].update(b.client.bsn for b in bij.berichten)  # type: ignore[union-attr]
        bekend = {cbs: _ids_in(werk, cbs, bsns) for cbs, bsns in per_gemeente.items()}  # one query per gemeente
        for bij in gelezen:
            try:
                gemeente = werk.regio.gemeente(bij.stap.ontvanger)
                aanbieder = werk.regio.aanbieder(bij.stap.afzender)
                bsns = [b.client.bsn for b in bij.berichten]  # type: ignore[union-attr]
                ids = {bsn: bekend[gemeente.cbs_code][bsn] for bsn in bsns if bsn in bekend[gemeente.cbs_code]}
                eigen_client = ids.get(bsns[0]) if len(bsns) == 1 else None
                if bij.geweigerd_door_oude_systeem:  # kept as a message; the old suite made no start or stop of it
                    stukken += self._stukken(bij, client_id=eigen_client, richting=Richting.IN, status=Status.AFGEKEURD)
                    werk.klaar(bij.stap, Uitkomst.ARCHIEF)
                    continue
                onbekend = [b for b in bsns if b not in ids]
                if onbekend:
                    raise NietImporteerbaar(f"Cliënt met BSN {onbekend[0]} is niet bekend (geen 301 in het archief).")
                regie = [
                    self._regie(b, ids[b.client.bsn], aanbieder.pk, gemeente.cbs_code, bij)  # type: ignore[union-attr]
                    for b in bij.berichten
                ]
            except NietImporteerbaar as exc:
                werk.weiger(bij.stap, [str(exc)])
                if bij.retour is not None:
                    werk.klaar(bij.retour, Uitkomst.MET_HEEN)
                continue
            items.append((bij, regie, eigen_client))

        def doe(lijst: list[tuple[Bij, list[OvernameRegie], int | None]]) -> list[list[str]]:
            uitkomsten = iter(regie_overnemen([r for _, regie, _ in lijst for r in regie]))
            return [[f for _ in regie for f in next(uitkomsten).fouten] for _, regie, _ in lijst]

        goed, fout = _zonder_geweigerde(items, doe)
        for (bij, _, _), redenen in fout:
            werk.weiger(bij.stap, redenen)
            if bij.retour is not None:
                werk.klaar(bij.retour, Uitkomst.MET_HEEN)
        for bij, regie, eigen_client in goed:
            cbs, agb = bij.stap.ontvanger, bij.stap.afzender
            wat = "starts" if bij.stap.soort == "305" else "stops"
            werk.verslag.tel(wat, sum(len(r.starts) + len(r.stops) for r in regie), gemeente=cbs, aanbieder=agb)
            werk.verslag.tel("berichten", 1 + (bij.retour is not None), gemeente=cbs, aanbieder=agb)
            werk.log(Verwerkingsactiviteit.TOEWIJZING, {r.client_id for r in regie})
            if is_afgeleid(bij.stap):
                werk.klaar(bij.stap, Uitkomst.NIEUW, AFGELEID)
                continue
            status = self._status(bij, verzonden_door_gemeente=False)
            stukken += self._stukken(bij, client_id=eigen_client, richting=Richting.IN, status=status)
            werk.klaar(bij.stap, Uitkomst.NIEUW)
        berichten_archiveren(stukken)
        self._log()

    @staticmethod
    def _regie(b: CodecBericht, client_id: int, aanbieder_id: int, cbs: str, bij: Bij) -> OvernameRegie:
        ontvangen = kop_van(bij.stap).dagtekening

        def nummer(n: int | None, product: Any, ingang: date | None) -> int:
            if n is not None:
                return n
            gevonden = toewijzing_nummer_bij(
                client_id=client_id,
                aanbieder_id=aanbieder_id,
                product_code=getattr(product, "code", None) or "",
                ingangsdatum=ingang,
            )
            if gevonden is None:
                raise NietImporteerbaar(
                    "Geen ToewijzingNummer (iWmo 2.x) en geen eenduidige toewijzing met dit product en deze "
                    "ingangsdatum."
                )
            return gevonden

        if isinstance(b, Wmo305):
            starts = tuple(
                StartInvoer(
                    toewijzing_nummer=nummer(s.toewijzing_nummer, s.product, s.toewijzing_ingangsdatum),
                    begindatum=s.begindatum,
                    product_categorie=s.product.categorie if s.product else "",
                    product_code=(s.product.code or "") if s.product else "",
                    toewijzing_ingangsdatum=s.toewijzing_ingangsdatum,
                    verwijderen=s.status_aanlevering == VERWIJDEREN,
                )
                for s in b.client.start_producten
            )
            return OvernameRegie(client_id, aanbieder_id, cbs, ontvangen, starts=starts)
        assert isinstance(b, Wmo307)
        stops = tuple(
            StopInvoer(
                toewijzing_nummer=nummer(s.toewijzing_nummer, s.product, s.toewijzing_ingangsdatum),
                begindatum=s.begindatum,
                reden_beeindiging=s.reden_beeindiging,
                einddatum=s.einddatum,
                verwijderen=s.status_aanlevering == VERWIJDEREN,
            )
            for s in b.client.stop_producten
        )
        return OvernameRegie(client_id, aanbieder_id, cbs, ontvangen, stops=stops)

    # --- 315 / 317 / 319 -----------------------------------------------------------------------------------

    def verzoeken(self, stappen: Sequence[Migratiestap]) -> None:
        """Few messages: one at a time, each in its own savepoint, through the exchange's own mapping
        (`toepassen`) of a 315/317 onto a request; the answer comes from the 301s (granted) or a 319."""
        werk = self.werk
        heen = [s for s in stappen if s.soort in {"315", "317"}]
        antwoorden = [s for s in stappen if s.soort == "319"]
        for bij in self._lees(heen, Richting.IN) if heen else []:
            try:
                with transaction.atomic():
                    self._verzoek(bij)
            except (NietImporteerbaar, BerichtError) as exc:
                werk.weiger(bij.stap, [str(exc)])
                if bij.retour is not None:
                    werk.klaar(bij.retour, Uitkomst.MET_HEEN)
        for bij in self._lees(antwoorden, Richting.UIT) if antwoorden else []:
            self._antwoord(bij)
        self._log()

    def _verzoek(self, bij: Bij) -> None:
        werk = self.werk
        gemeente = werk.regio.gemeente(bij.stap.ontvanger)
        aanbieder = werk.regio.aanbieder(bij.stap.afzender)
        b = bij.berichten[0]
        assert isinstance(b, Wmo315 | Wmo317)
        client_id = client_ids_bij_bsn([b.client.bsn], gemeente=gemeente).get(b.client.bsn)
        if client_id is None:
            raise NietImporteerbaar(f"Cliënt met BSN {b.client.bsn} is niet bekend (geen 301 in het archief).")
        stuk, *retour = self._stukken(
            bij, client_id=client_id, richting=Richting.IN, status=self._status(bij, verzonden_door_gemeente=False)
        )
        berichten_archiveren([stuk, *retour])
        if bij.geweigerd_door_oude_systeem:
            werk.klaar(bij.stap, Uitkomst.ARCHIEF)
            return
        assert stuk.pk is not None
        rij = Bericht.objects.select_related("client").get(pk=stuk.pk)
        try:
            toepassen(b, rij, kop_van(bij.stap).dagtekening)
        except ToewijzingFout as exc:
            raise NietImporteerbaar(str(exc)) from exc
        verzoek = Verzoek.objects.filter(client_id=client_id, aanbieder=aanbieder).latest("pk")
        verzoek_toekenning_overnemen(verzoek)
        werk.verslag.tel("verzoeken", gemeente=gemeente.cbs_code, aanbieder=aanbieder.agb_code)
        werk.verslag.tel("berichten", len(retour) + 1, gemeente=gemeente.cbs_code, aanbieder=aanbieder.agb_code)
        werk.log(Verwerkingsactiviteit.TOEWIJZING, {client_id})
        werk.klaar(bij.stap, Uitkomst.NIEUW)

    def _antwoord(self, bij: Bij) -> None:
        werk = self.werk
        try:
            werk.regio.gemeente(bij.stap.afzender)
            aanbieder = werk.regio.aanbieder(bij.stap.ontvanger)
        except NietImporteerbaar as exc:
            werk.weiger(bij.stap, [str(exc)])
            return
        b = bij.berichten[0]
        assert isinstance(b, Wmo319)
        stukken = self._stukken(
            bij, client_id=None, richting=Richting.UIT, status=self._status(bij, verzonden_door_gemeente=True)
        )
        berichten_archiveren(stukken)
        gevonden = verzoek_antwoord_overnemen(
            aanbieder_id=aanbieder.pk,
            referentie_aanbieder=b.antwoord.referentie_aanbieder,
            antwoord=b.antwoord.verzoek_antwoord,
            reden_afwijzing=b.antwoord.reden_afwijzing_verzoek or "",
            op=kop_van(bij.stap).dagtekening,
        )
        if not gevonden:
            werk.verslag.waarschuwing(
                f"{bij.stap.pad}: de 319 beantwoordt ReferentieAanbieder {b.antwoord.referentie_aanbieder}, maar geen "
                "open verzoek van deze aanbieder heeft die referentie; alleen het bericht is bewaard."
            )
        werk.verslag.tel("berichten", len(stukken), gemeente=bij.stap.afzender, aanbieder=bij.stap.ontvanger)
        werk.klaar(bij.stap, Uitkomst.NIEUW)

    # --- 323 / 325 -----------------------------------------------------------------------------------------

    def declaraties(self, stappen: Sequence[Migratiestap]) -> None:
        """Each 323 in its own savepoint; what is known of the messages only after reading them (the status of
        the stored 323) and the clients to log are written once for the batch, for the declarations taken over."""
        self._statussen: dict[int, str] = {}
        self._bsns: dict[str, set[str]] = defaultdict(set)  # per gemeente (the BSN is unique per gemeente)
        for bij in self._lees(stappen, Richting.IN):
            self._declaratie(bij)
        archiefstatus_zetten(self._statussen)
        for cbs, bsns in self._bsns.items():
            self.werk.log(Verwerkingsactiviteit.DECLARATIE, set(_ids_in(self.werk, cbs, bsns).values()))
        self._log()

    def _declaratie(self, bij: Bij) -> None:
        werk, stap = self.werk, bij.stap
        if bij.retour is None:
            werk.weiger(
                stap,
                [
                    "Geen 325 in het archief: de uitkomst van deze declaratie is niet bekend. Bied de 323 na de "
                    "overgang aan via de uitwisseling; wmoketen beoordeelt en beantwoordt hem dan."
                ],
            )
            return
        try:
            bij.gegevens["gemeente"] = werk.regio.gemeente(stap.ontvanger)
            bij.gegevens["aanbieder"] = werk.regio.aanbieder(stap.afzender)
            antwoord = self._antwoord_325(bij)
        except NietImporteerbaar as exc:
            werk.weiger(stap, [str(exc)])
            werk.klaar(bij.retour, Uitkomst.MET_HEEN)
            return
        punt = transaction.savepoint()
        problemen: list[Regel] = []
        try:
            problemen = self._declaratie_opslaan(bij, antwoord)
        except BerichtError as exc:  # the stream found the 323 unreadable or XSD-invalid (late in the file)
            problemen = [Regel(stap.pad, str(exc).replace("Bericht geweigerd: ", ""))]
        if problemen:
            transaction.savepoint_rollback(punt)
            werk.weiger(stap, problemen)
            werk.klaar(bij.retour, Uitkomst.MET_HEEN)
        else:
            transaction.savepoint_commit(punt)
            self._statussen.update(bij.gegevens.get("status", {}))
            self._bsns[bij.stap.ontvanger].update(bij.gegevens.get("bsns", ()))

    def _antwoord_325(self, bij: Bij) -> Antwoord | None:
        """The 325 as the old suite's judgement; None when it rejected the 323 in the header (not sent)."""
        assert bij.retour is not None
        gelezen = lees_bericht(bij.retour_data, kop_van(bij.retour))
        b = gelezen[0]
        if not isinstance(b, Wmo325):
            raise NietImporteerbaar("Het antwoord op deze 323 is geen 325.")
        bij.berichten = [b]
        if not set(b.header.retour_codes) <= GOED or b.declaratie_antwoord is None:
            return None
        a = b.declaratie_antwoord
        toegekend = a.totaal_toegekend_bedrag
        antwoord = Antwoord(
            beantwoord_op=b.header.bericht_identificatie.dagtekening,
            declaratie_codes=a.retour_codes,
            als_geheel_afgewezen=not set(a.retour_codes) <= {"0200", "8001"},
            totaal_toegekend_cent=-toegekend.totaal_bedrag
            if toegekend.debet_credit == "C"
            else toegekend.totaal_bedrag,
        )
        bij.gegevens["declaratie_nummer"] = a.declaratie_nummer
        for client in a.clienten:
            for p in client.prestaties:
                sleutel = (client.bsn, p.product_referentie.referentie_nummer, p.ingediend_bedrag.debet_credit)
                antwoord.afgewezen.setdefault(sleutel, []).append(p.retour_codes)
        return antwoord

    def _declaratie_opslaan(self, bij: Bij, antwoord: Antwoord | None) -> list[Regel]:
        werk, stap = self.werk, bij.stap
        assert bij.retour is not None
        data = bij.data if stap.versie == HUIDIG else als_32(bij.data, stap.versie)
        stroom = Stroom323(data, beoordelen=False)  # the old suite judged it: the XSD, no level-2 scan
        invoer = stroom.invoer
        cbs, agb = stap.ontvanger, stap.afzender
        nummer = bij.gegevens.get("declaratie_nummer")
        if nummer is not None and nummer != invoer.declaratie_nummer:
            return [
                Regel(bij.retour.pad, f"De 325 noemt DeclaratieNummer {nummer}, de 323 {invoer.declaratie_nummer}.")
            ]
        ontvangen = stroom.kop.header.bericht_identificatie.dagtekening
        status_323 = Status.ONTVANGEN  # set from the 325 once the 323 is read (status_na_325)
        heen = Archiefstuk(
            data=bij.data,
            sha256=stap.sha256,
            soort="323",
            richting=Richting.IN,
            partij=cbs,
            afzender=agb,
            ontvanger=cbs,
            identificatie=stap.identificatie,
            dagtekening=ontvangen,
            status=status_323,
            retour_codes=list(bij.retour_codes),
            samenvatting=archiefstuk_samenvatting(stroom.kop),
            pad=stap.pad,
        )
        r, gelezen = bij.retour, bij.retour_gelezen
        assert r.dagtekening is not None and gelezen is not None
        retour = Archiefstuk(
            data=bij.retour_data,
            sha256=r.sha256,
            soort=RETOUR_325,
            richting=Richting.UIT,
            partij=cbs,
            afzender=r.afzender,
            ontvanger=r.ontvanger,
            identificatie=r.identificatie,
            dagtekening=r.dagtekening,
            status=Status.ONTVANGEN,
            retour_codes=list(gelezen.kop),
            samenvatting=archiefstuk_samenvatting(bij.berichten[0]),
            pad=r.pad,
            heen=heen,
        )
        afgeleid = is_afgeleid(stap)
        if not afgeleid:
            berichten_archiveren([heen, retour])
            werk.verslag.tel("berichten", 2, gemeente=cbs, aanbieder=agb)
        maand = f"{invoer.periode_begin:%Y-%m}"
        bsns: set[str] = set()  # the clients to log (client_ids_bij_bsn once per batch)
        if antwoord is None:  # rejected in the header: counts as not sent (IV087), kept as messages only
            if heen.pk is not None:
                bij.gegevens["status"] = {heen.pk: Status.AFGEKEURD}
            bij.gegevens["bsns"] = bsns
            for deel in stroom.delen():
                bsns.update(deel.bsns)
            werk.klaar(stap, Uitkomst.ARCHIEF, "De 325 wees de declaratie af in de header: geldt als niet verzonden.")
            werk.klaar(r, Uitkomst.MET_HEEN)
            return []
        overname = DeclaratieOvername(
            invoer=invoer,
            antwoord=antwoord,
            ontvangen_op=ontvangen,
            bericht_id=heen.pk,
            antwoord_bericht_id=retour.pk,
            aanbieder=bij.gegevens["aanbieder"],
            gemeente=bij.gegevens["gemeente"],
        )
        problemen = [Regel(stap.pad, p.reden) for p in overname.problemen]
        for deel in stroom.delen():
            eerder = len(overname.problemen)
            overname.verwerk(deel.prestaties)
            begin = deel.prestaties[0].volgnummer if deel.prestaties else 0
            for p in overname.problemen[eerder:]:
                plek = deel.pad(p.volgnummer - begin) if p.volgnummer is not None else ""
                problemen.append(Regel(stap.pad, p.reden, plek=plek))
            bsns.update(deel.bsns)
        eerder = len(overname.problemen)
        overname.afronden()
        problemen += [Regel(r.pad, p.reden) for p in overname.problemen[eerder:]]
        if problemen:
            return problemen
        if not afgeleid:
            assert heen.pk is not None and isinstance(bij.berichten[0], Wmo325)
            status = status_na_325(bij.berichten[0], aantal_prestaties=sum(overname.aantallen.values()))
            bij.gegevens["status"] = {heen.pk: status}
        bij.gegevens["bsns"] = bsns
        werk.verslag.tel("declaraties", gemeente=cbs, aanbieder=agb)
        werk.verslag.tel("prestaties_goedgekeurd", overname.aantallen["goedgekeurd"], gemeente=cbs, aanbieder=agb)
        werk.verslag.tel("prestaties_afgewezen", overname.aantallen["afgewezen"], gemeente=cbs, aanbieder=agb)
        werk.verslag.bedrag(agb, maand, "gedeclareerd", overname.ingediend_cent)
        werk.verslag.bedrag(agb, maand, "goedgekeurd", overname.toegekend_cent)
        if overname.verschil_met_325_cent:
            werk.verslag.verschillen_325.append(
                {
                    "bestand": stap.pad,
                    "aanbieder": agb,
                    "declaratie": invoer.declaratie_nummer,
                    "goedgekeurd_cent": overname.toegekend_cent,
                    "volgens_325_cent": antwoord.totaal_toegekend_cent,
                }
            )
        werk.klaar(stap, Uitkomst.NIEUW, AFGELEID if afgeleid else "")
        werk.klaar(r, Uitkomst.MET_HEEN)
        return []

    # --- loose retours and what cannot be imported -----------------------------------------------------------

    def losse_retouren(self, stappen: Sequence[Migratiestap]) -> None:
        """A retour whose heen-bericht is not in the archive: linked to a stored heen-bericht (an earlier import),
        else kept unlinked with a warning."""
        werk = self.werk
        stukken = []
        for stap in stappen:
            if is_afgeleid(stap):  # its heen-bericht was not derivable (see the export's report)
                werk.weiger(stap, ["Afgeleid antwoord zonder afgeleid heenbericht; niets overgenomen."])
                continue
            richting = Richting.UIT if stap.soort in VAN_GEMEENTE else Richting.IN
            cbs = gemeentecode(stap)
            if stap.sha256 in gearchiveerd(partij=cbs, richting=richting, shas=[stap.sha256]):
                werk.klaar(stap, Uitkomst.AANWEZIG)
                continue
            try:
                werk.regio.gemeente(cbs)
                data = werk.lezer(stap)
                gelezen = lees_retour(data)
            except NietImporteerbaar as exc:
                werk.weiger(stap, [str(exc)])
                continue
            heen_soort = "323" if stap.soort == RETOUR_325 else HEEN_VAN.get(stap.soort, "")
            heen = heen_ophalen(
                partij=cbs, soort=heen_soort, afzender=stap.heen_afzender, identificatie=stap.heen_identificatie
            )
            if heen is None:
                werk.verslag.waarschuwing(f"{stap.pad}: retour zonder heenbericht in het archief; alleen bewaard.")
            assert stap.dagtekening is not None
            stukken.append(
                Archiefstuk(
                    data=data,
                    sha256=stap.sha256,
                    soort=stap.soort,
                    richting=richting,
                    partij=cbs,
                    afzender=stap.afzender,
                    ontvanger=stap.ontvanger,
                    identificatie=stap.identificatie,
                    dagtekening=stap.dagtekening,
                    identificatie_retour=gelezen.identificatie_retour,
                    status=Status.ONTVANGEN,
                    retour_codes=list(gelezen.kop if stap.soort == RETOUR_325 else gelezen.alle),
                    pad=stap.pad,
                    heen_id=heen.pk if heen else None,
                )
            )
            werk.verslag.tel("berichten", gemeente=cbs)
            werk.klaar(stap, Uitkomst.NIEUW)
        berichten_archiveren(stukken)

    def niet_importeerbaar(self, stappen: Sequence[Migratiestap]) -> None:
        for stap in stappen:
            self.werk.weiger(stap, [stap.reden or "Niet importeerbaar."])


def controleer_ongewijzigd(stap: Migratiestap, sha: str) -> None:
    if sha != stap.sha256:
        raise MigratieFout(
            f"{stap.pad} is gewijzigd sinds de bron werd ingelezen; begin opnieuw met een proefdraai van de bron."
        )
