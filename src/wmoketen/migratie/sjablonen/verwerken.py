"""Taking over template rows, per template, through the services of the app each belongs to. A row is taken over
whole or refused with its reason; a batch holds rows of one phase in file order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db import transaction

from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Verwerkingsactiviteit
from wmoketen.clienten.models import Client
from wmoketen.clienten.selectors import client_ids_in_gemeenten
from wmoketen.clienten.services import Clientgegevens, clienten_overnemen
from wmoketen.contracten.services import plafondverbruik_overnemen
from wmoketen.core.fouten import Domeinfout
from wmoketen.declaraties.overname import betaling_overnemen
from wmoketen.herindicatie.services import evaluatie_overnemen
from wmoketen.toegang import klok
from wmoketen.toegang.overname import BeschikkingInvoer, MeldingInvoer, beschikking_overnemen, melding_overnemen
from wmoketen.toewijzingen.selectors import bestaande_nummers, toewijzingen_op_nummers
from wmoketen.toewijzingen.services import beschikking_koppelen

from ..archief.kop import NietImporteerbaar
from ..archief.verwerken import Werk
from ..constants import Uitkomst
from ..models import Migratiestap


class Sjabloonverwerking:
    def __init__(self, werk: Werk) -> None:
        self.werk = werk
        self.per_soort: dict[str, Callable[[list[Migratiestap]], None]] = {
            "clienten": self.clienten,
            "toewijzingsproducten": self.toewijzingsproducten,
            "beschikkingen": self.beschikkingen,
            "meldingen": self.meldingen,
            "evaluaties": self.evaluaties,
            "budgetplafonds": self.budgetplafonds,
            "betalingen": self.betalingen,
        }

    def verwerk(self, stappen: Sequence[Migratiestap]) -> None:
        per_soort: dict[str, list[Migratiestap]] = {}
        for stap in stappen:
            per_soort.setdefault(stap.soort, []).append(stap)
        for soort, rijen in per_soort.items():
            self.per_soort[soort](rijen)

    def _regel(self, stap: Migratiestap, reden: str) -> None:
        self.werk.weiger(stap, [f"Regel {stap.regel}: {reden}"])

    def clienten(self, stappen: list[Migratiestap]) -> None:
        werk = self.werk
        gegevens: list[tuple[Migratiestap, Clientgegevens]] = []
        for stap in stappen:
            g: dict[str, Any] = stap.gegevens
            try:
                gemeente = werk.regio.gemeente(g["gemeente"])
            except NietImporteerbaar as exc:
                self._regel(stap, str(exc))
                continue
            gegevens.append(
                (
                    stap,
                    Clientgegevens(
                        bsn=g["bsn"],
                        gemeente_id=gemeente.pk,
                        geboortedatum=date.fromisoformat(g["geboortedatum"]),
                        **{k: g[k] for k in _CLIENTVELDEN if k in g},
                    ),
                )
            )
        overgenomen = clienten_overnemen([c for _, c in gegevens], bijwerken=True)
        for stap, c in gegevens:
            nieuw = (c.gemeente_id, c.bsn) in overgenomen.nieuw
            werk.klaar(stap, Uitkomst.NIEUW if nieuw else Uitkomst.BIJGEWERKT)
            werk.verslag.tel("clienten", int(nieuw), gemeente=stap.gegevens["gemeente"])
        werk.log(Verwerkingsactiviteit.TOEGANG, set(overgenomen.ids.values()))

    def toewijzingsproducten(self, stappen: list[Migratiestap]) -> None:
        """Used while the 301s were read; here only checked: a row for a number that no 301 brought is reported."""
        bekend = bestaande_nummers({int(s.sleutel) for s in stappen})
        for stap in stappen:
            if int(stap.sleutel) in bekend:
                self.werk.klaar(stap, Uitkomst.NIEUW, "Gebruikt bij het overnemen van de toewijzing.")
            else:
                self._regel(stap, f"toewijzing {stap.sleutel} is niet overgenomen (geen 301 in het archief).")

    def _per_rij(self, stap: Migratiestap, doe: Callable[[], str | None]) -> None:
        """One row in its own savepoint: a refusal of the domain service rolls back what the row did, with the
        reason in the report; otherwise `doe` returns the outcome."""
        try:
            with transaction.atomic():
                uitkomst = doe()
        except (Domeinfout, NietImporteerbaar) as exc:
            self._regel(stap, str(exc))
            return
        self.werk.klaar(stap, uitkomst or Uitkomst.AANWEZIG)

    def _clienten_bij(self, stappen: list[Migratiestap]) -> dict[str, dict[int, int]]:
        bsns = (s.gegevens["bsn"] for s in stappen if "bsn" in s.gegevens)
        return client_ids_in_gemeenten(bsns, gemeenten=self.werk.regio.gemeenten.values())

    def _client_van(self, stap: Migratiestap, clienten: dict[str, dict[int, int]]) -> int | None:
        """The client of the row's BSN, in the gemeente of its column `gemeente` if given. The BSN is unique per
        gemeente: known in two gemeenten of the region without a gemeente in the row, the row is refused (never
        one of them picked); unknown, refused too (None)."""
        g = stap.gegevens
        per_gemeente = clienten.get(g["bsn"], {})
        if g.get("gemeente"):
            gemeente = self.werk.regio.gemeenten.get(g["gemeente"])
            kandidaten = [per_gemeente[gemeente.pk]] if gemeente is not None and gemeente.pk in per_gemeente else []
        else:
            kandidaten = list(per_gemeente.values())
        if len(kandidaten) > 1:
            self._regel(
                stap,
                f"cliënt met BSN {g['bsn']} is bekend in meer dan één gemeente van de regio (een dossier per "
                "gemeente); vul de kolom gemeente in.",
            )
            return None
        if not kandidaten:
            self._onbekende_client(stap)
            return None
        return kandidaten[0]

    def _toewijzingen_bij(self, stappen: list[Migratiestap], kolom: str) -> dict[int, Any]:
        nummers: set[int] = set()
        for s in stappen:
            waarde = s.gegevens.get(kolom)
            nummers |= set(waarde) if isinstance(waarde, list) else {int(waarde)} if waarde is not None else set()
        return toewijzingen_op_nummers(nummers, gemeenten=self.werk.regio.gemeenten)

    def _onbekende_client(self, stap: Migratiestap) -> None:
        self._regel(
            stap,
            f"cliënt met BSN {stap.gegevens['bsn']} is niet bekend; neem hem op in het sjabloon clienten of zorg dat "
            "een 301 in het archief hem noemt.",
        )

    def beschikkingen(self, stappen: list[Migratiestap]) -> None:
        """A full beschikking per row (`toegang.overname.beschikking_overnemen`: melding, verslag, plan with the
        products of its assignments, dates), its assignments linked to it (`toewijzingen.services`), with the
        import marker (file, row, this import)."""
        clienten = self._clienten_bij(stappen)
        toewijzingen = self._toewijzingen_bij(stappen, "toewijzingnummers")
        for stap in stappen:
            g = stap.gegevens
            client_id = self._client_van(stap, clienten)
            if client_id is None:
                continue
            ingang, eind = date.fromisoformat(g["ingangsdatum"]), date.fromisoformat(g["einddatum"])
            nummers = tuple(g.get("toewijzingnummers", []))
            fouten, onder = [], []
            for nummer in nummers:
                t = toewijzingen.get(nummer)
                if t is None:
                    fouten.append(f"toewijzing {nummer} is niet overgenomen (geen 301 in het archief)")
                elif t.client_id != client_id:
                    fouten.append(f"toewijzing {nummer} is van een andere cliënt")
                elif t.ingangsdatum < ingang or (t.einddatum or date.max) > eind:
                    tot = f"{t.einddatum:%d-%m-%Y}" if t.einddatum else "geen einddatum"
                    fouten.append(
                        f"toewijzing {nummer} ({t.ingangsdatum:%d-%m-%Y} tot {tot}) valt buiten de looptijd "
                        f"{ingang:%d-%m-%Y} tot {eind:%d-%m-%Y}"
                    )
                else:
                    onder.append(t)
            if not nummers:
                fouten.append("noem de toewijzingen die onder de beschikking vallen (kolom toewijzingnummers)")
            if fouten:
                self._regel(stap, "; ".join(fouten) + ".")
                continue
            onder.sort(key=lambda t: t.toewijzing_nummer)
            invoer = BeschikkingInvoer(
                client_id=client_id,
                regio=self.werk.regio.regio,
                beschikking_nummer=g["beschikkingnummer"],
                besluitdatum=date.fromisoformat(g["besluitdatum"]),
                ingangsdatum=ingang,
                einddatum=eind,
                aanbieder_id=onder[0].aanbieder_id,
                producten=tuple((t.product_id, t.volume) for t in onder),
                toewijzing_nummers=nummers,
                omschrijving=g.get("omschrijving", ""),
                melddatum=date.fromisoformat(g["melddatum"]) if g.get("melddatum") else None,
                bron=f"{stap.pad}, regel {stap.regel}",
                migratie_nummer=self.werk.migratie.pk,
            )

            def doe(invoer: BeschikkingInvoer = invoer, onder: list[Any] = onder) -> str:
                beschikking, nieuw = beschikking_overnemen(invoer)
                beschikking_koppelen(toewijzingen=onder, beschikking_id=beschikking.pk)
                return Uitkomst.NIEUW if nieuw else Uitkomst.AANWEZIG

            self._per_rij(stap, doe)
            if stap.uitkomst == Uitkomst.NIEUW:
                self.werk.verslag.tel("beschikkingen", gemeente=self._gemeente_van(client_id))
                self.werk.log(Verwerkingsactiviteit.TOEGANG, {client_id})

    @staticmethod
    def _gemeente_van(client_id: int) -> str:
        return Client.objects.filter(pk=client_id).values_list("gemeente__cbs_code", flat=True).first() or ""

    def meldingen(self, stappen: list[Migratiestap]) -> None:
        clienten = self._clienten_bij(stappen)
        vandaag = klok.vandaag()

        def datum(g: dict[str, Any], k: str) -> date | None:
            return date.fromisoformat(g[k]) if g.get(k) else None

        for stap in stappen:
            g = stap.gegevens
            client_id = self._client_van(stap, clienten)
            if client_id is None:
                continue
            invoer = MeldingInvoer(
                client_id=client_id,
                regio=self.werk.regio.regio,
                melddatum=date.fromisoformat(g["melddatum"]),
                fase=g["fase"],
                huisbezoek_afspraak_op=datum(g, "huisbezoek_afspraak_op"),
                huisbezoek_datum=datum(g, "huisbezoek_datum"),
                aanvraag_op=datum(g, "aanvraag_op"),
                omschrijving=g.get("omschrijving", ""),
            )

            def doe(invoer: MeldingInvoer = invoer, g: dict[str, Any] = g, stap: Migratiestap = stap) -> str:
                melding, nieuw = melding_overnemen(invoer, vandaag=vandaag)
                oud = datum(g, "uiterlijk")
                if oud is not None and oud != melding.volgende_uiterlijk:
                    hier = f"{melding.volgende_uiterlijk:%d-%m-%Y}" if melding.volgende_uiterlijk else "geen"
                    self.werk.verslag.waarschuwing(
                        f"{stap.pad} regel {stap.regel}: melding van {invoer.melddatum:%d-%m-%Y}: de eerstvolgende "
                        f"wettelijke termijn is in wmoketen {hier} ({melding.get_volgende_termijn_display() or '-'}), "
                        f"in het vorige systeem {oud:%d-%m-%Y}."
                    )
                return Uitkomst.NIEUW if nieuw else Uitkomst.AANWEZIG

            self._per_rij(stap, doe)
            if stap.uitkomst == Uitkomst.NIEUW:
                self.werk.verslag.tel("meldingen", gemeente=self._gemeente_van(client_id))
                self.werk.log(Verwerkingsactiviteit.TOEGANG, {client_id})

    def evaluaties(self, stappen: list[Migratiestap]) -> None:
        toewijzingen = self._toewijzingen_bij(stappen, "toewijzingnummer")
        for stap in stappen:
            g = stap.gegevens
            t = toewijzingen.get(g["toewijzingnummer"])
            if t is None:
                self._regel(stap, f"toewijzing {g['toewijzingnummer']} is niet overgenomen (geen 301 in het archief).")
                continue

            def doe(t: Any = t, g: dict[str, Any] = g) -> str:
                _, nieuw = evaluatie_overnemen(
                    toewijzing=t, soort=g["soort"], gepland_op=date.fromisoformat(g["gepland_op"])
                )
                return Uitkomst.NIEUW if nieuw else Uitkomst.AANWEZIG

            self._per_rij(stap, doe)
            if stap.uitkomst == Uitkomst.NIEUW:
                self.werk.verslag.tel("evaluaties", gemeente=t.client.gemeente.cbs_code)
                self.werk.log(Verwerkingsactiviteit.TOEGANG, {t.client_id})

    def budgetplafonds(self, stappen: list[Migratiestap]) -> None:
        for stap in stappen:
            g = stap.gegevens

            def doe(g: dict[str, Any] = g) -> str:
                _, gewijzigd = plafondverbruik_overnemen(
                    aanbieder=self.werk.regio.aanbieder(g["aanbieder"]),
                    regio_id=self.werk.regio.regio.pk,
                    segment_code=g["segment"],
                    jaar=g["jaar"],
                    verbruik_cent=g["verbruikt"],
                    bedrag_cent=g.get("plafond"),
                )
                return Uitkomst.BIJGEWERKT if gewijzigd else Uitkomst.AANWEZIG

            self._per_rij(stap, doe)
            if stap.uitkomst == Uitkomst.BIJGEWERKT:
                self.werk.verslag.tel("budgetplafonds", aanbieder=g["aanbieder"])

    def betalingen(self, stappen: list[Migratiestap]) -> None:
        door = self.werk.actor
        for stap in stappen:
            g = stap.gegevens
            if not isinstance(door, Gebruiker):
                self._regel(
                    stap,
                    "betalingen overnemen vraagt wie de import startte (de pagina, of --door bij proefdraai en "
                    "uitvoeren); die staat als maker van de betaalbatch.",
                )
                continue

            def doe(g: dict[str, Any] = g, stap: Migratiestap = stap, door: Gebruiker = door) -> str:
                uit = betaling_overnemen(
                    aanbieder=self.werk.regio.aanbieder(g["aanbieder"]),
                    declaratie_nummer=g["declaratienummer"],
                    bedrag_cent=g["bedrag"],
                    betaald_op=date.fromisoformat(g["betaald_op"]),
                    door=door,
                )
                if uit.nieuw:
                    self.werk.verslag.bedrag(g["aanbieder"], uit.maand, "betaald", uit.bedrag_cent)
                    self.werk.verslag.tel("betalingen", aanbieder=g["aanbieder"])
                return Uitkomst.NIEUW if uit.nieuw else Uitkomst.AANWEZIG

            self._per_rij(stap, doe)


_CLIENTVELDEN = (
    "geslacht",
    "voorletters",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "plaats",
    "telefoon",
)
