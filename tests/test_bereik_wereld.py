"""A small world for the need-to-know tests (no tests of its own): one region with two municipalities (Weert and
Leudal) and two providers (A and B), clients with and without assignments and meldingen, and one object of every
kind a page can show (melding, plan, beschikking, message, declaration, evaluation, signal, request, payment batch,
conversion run).

The expected scope is computed here from the facts, independently of `accounts.selectors.client_scope`:
- a provider sees a client exactly when the client has an assignment to the provider's own AGB code, and a plan
  when that plan was sent to the provider (deel 2 comes before any assignment);
- municipal staff (not monitoring) see a client exactly when the client lives in one of their municipalities;
- monitoring sees no client."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.utils import timezone

from tests.factories import ClientFactory, GebruikerFactory, GemeenteFactory, ToewijzingFactory
from tests.factories_toegang import Testregio, beschikt, melding, plan_opstellen, toegangsregio, tot_bij_aanbieder
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.constants import Kanaal, Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.declaraties.models import Betaalbatch, Declaratie, Prestatie
from wmoketen.herindicatie.models import Conversie, Conversierun, Evaluatie, Herindicatiesignaal
from wmoketen.toegang import bezwaren, services
from wmoketen.toegang.models import Beschikking, Bezwaar, Brief, Melding, Ondersteuningsplan
from wmoketen.toewijzingen.models import Start, Toewijzing, Verzoek, VerzoekRegel


@dataclass
class Dossierclient:
    """A client with the objects around it; every id a page can be asked for."""

    client: Client
    gemeente: Gemeente
    aanbieders: set[int] = field(default_factory=set)  # providers with an assignment
    melding: Melding | None = None
    plan: Ondersteuningsplan | None = None  # sent to `plan.aanbieder`
    beschikking: Beschikking | None = None
    toewijzing: Toewijzing | None = None
    berichten: list[Bericht] = field(default_factory=list)
    declaratie: Declaratie | None = None
    prestatie: Prestatie | None = None
    evaluatie: Evaluatie | None = None
    signaal: Herindicatiesignaal | None = None
    verzoek: Verzoek | None = None
    start: Start | None = None
    bezwaar: Bezwaar | None = None


@dataclass
class Wereld:
    t: Testregio
    weert: Gemeente
    leudal: Gemeente
    a: Aanbieder
    b: Aanbieder
    clienten: list[Dossierclient]
    batch: Betaalbatch
    run: Conversierun

    def ziet_client(self, gebruiker: Gebruiker, dc: Dossierclient) -> bool:
        """The rule of the issue, from the facts (not from the code under test)."""
        if not gebruiker.is_active:
            return False
        if gebruiker.rol == Rol.AANBIEDER:
            return gebruiker.aanbieder_id in dc.aanbieders
        if gebruiker.rol == Rol.MONITORING:
            return False
        return gebruiker.gemeenten.filter(pk=dc.gemeente.pk).exists()

    def ziet_plan(self, gebruiker: Gebruiker, dc: Dossierclient) -> bool:
        if dc.plan is None:
            return False
        if gebruiker.rol == Rol.AANBIEDER:
            return gebruiker.is_active and gebruiker.aanbieder_id == dc.plan.aanbieder_id
        return self.ziet_client(gebruiker, dc)


def _bericht(dc: Dossierclient, partij: str, richting: str, soort: str, n: int) -> Bericht:
    b = Bericht.objects.create(
        partij=partij,
        richting=richting,
        soort=soort,
        afzender=dc.gemeente.cbs_code,
        ontvanger=partij if len(partij) == 8 else "99000001",
        identificatie=f"T{dc.client.pk:05d}{n:03d}",
        dagtekening=date(2024, 7, 1),
        gemeente_code=dc.gemeente.cbs_code,
        agb_code=partij if len(partij) == 8 else "",
        client=dc.client,
        inhoud=b"<x/>",
        sha256=f"{dc.client.pk:032d}{n:032d}",
        grootte=4,
        status=Status.GOEDGEKEURD,
        kanaal=Kanaal.BESTAND,
    )
    dc.berichten.append(b)
    return b


def _declaratie(dc: Dossierclient, aanbieder: Aanbieder, toewijzing: Toewijzing) -> None:
    d = Declaratie.objects.create(
        declaratie_nummer=f"D{dc.client.pk}",
        aanbieder=aanbieder,
        gemeente=dc.gemeente,
        periode_begin=date(2024, 7, 1),
        periode_eind=date(2024, 7, 31),
        dagtekening=date(2024, 8, 2),
        bericht_identificatie=f"B{dc.client.pk}",
        totaal_ingediend_cent=6500,
        ontvangen_op=date(2024, 8, 2),
        antwoord_uiterlijk=date(2024, 8, 16),
    )
    dc.declaratie = d
    dc.prestatie = Prestatie.objects.create(
        declaratie=d,
        volgnummer=1,
        aanbieder=aanbieder,
        toewijzing=toewijzing,
        client=dc.client,
        referentie_nummer=f"R{dc.client.pk}",
        toewijzing_nummer=toewijzing.toewijzing_nummer,
        product_categorie="02",
        product_code=toewijzing.product.productcode[:5],
        begindatum=date(2024, 7, 1),
        einddatum=date(2024, 7, 31),
        geleverd_volume=60,
        eenheid="04",
        ingediend_bedrag_cent=6500,
        debet_credit="D",
        status="goedgekeurd",
    )


def _rond_toewijzing(dc: Dossierclient, toewijzing: Toewijzing) -> None:
    """Declaration, evaluation, expiry signal, 317 request, start and message copies around one assignment."""
    dc.toewijzing = toewijzing
    dc.aanbieders.add(toewijzing.aanbieder_id)
    agb = toewijzing.aanbieder.agb_code
    _bericht(dc, dc.gemeente.cbs_code, Richting.UIT, "301", 1)
    _bericht(dc, agb, Richting.IN, "301", 2)
    _declaratie(dc, toewijzing.aanbieder, toewijzing)
    dc.evaluatie = Evaluatie.objects.create(toewijzing=toewijzing, soort="tussen", gepland_op=date(2024, 9, 1))
    dc.signaal = Herindicatiesignaal.objects.create(
        toewijzing=toewijzing,
        einddatum=date(2025, 6, 30),
        laatste_melddatum=date(2025, 4, 1),
        signaaldatum=date(2025, 1, 1),
    )
    dc.verzoek = Verzoek.objects.create(
        soort="317",
        client=dc.client,
        aanbieder=toewijzing.aanbieder,
        gemeente_code=dc.gemeente.cbs_code,
        ontvangen_op=date(2024, 8, 1),
        uiterste_antwoorddatum=date(2024, 8, 8),
    )
    VerzoekRegel.objects.create(verzoek=dc.verzoek, soort="te_wijzigen", toewijzing=toewijzing)
    dc.start = Start.objects.create(
        client=dc.client,
        aanbieder=toewijzing.aanbieder,
        toewijzing=toewijzing,
        gemeente_code=dc.gemeente.cbs_code,
        begindatum=date(2024, 7, 1),
        ontvangen_op=date(2024, 7, 2),
    )


def _beschikt_bij(t: Testregio, m: Melding, aanbieder: Aanbieder, medewerker: Gebruiker) -> Beschikking:
    """The whole access process with a plan for `aanbieder` (the helpers in factories_toegang use provider A)."""
    services.huisbezoek_plannen(
        door=t.consulent, melding=m, afspraak_op=date(2024, 6, 4), huisbezoek_datum=date(2024, 6, 6)
    )
    services.onderzoeksverslag_vastleggen(
        door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 6), bevindingen="Overzicht kwijt.", aanwezigen="Cliënt"
    )
    plan = plan_opstellen(t, m, aanbieder=aanbieder)
    plan = services.plan_ondertekenen_en_versturen(
        door=t.consulent,
        plan=plan,
        ondertekend_client_op=date(2024, 6, 10),
        ondertekend_gemeente_op=date(2024, 6, 10),
        toestemming_aanbieder=True,
        verzonden_op=date(2024, 6, 10),
    )
    services.deel2_indienen(
        door=medewerker,
        plan=plan,
        resultaten=[services.ResultaatInvoer("R-FIN", "Samen de post openen", "2 keer per week")],
        ondertekend_client_op=date(2024, 6, 18),
        ondertekend_aanbieder_op=date(2024, 6, 18),
    )
    services.akkoord_geven(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 20))
    return services.beschikking_vaststellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
    )


def wereld_bouwen() -> Wereld:
    t = toegangsregio()
    weert = t.gemeente
    leudal = GemeenteFactory(cbs_code="1640", naam="Leudal")
    t.regio.gemeenten.add(leudal)
    a, b = t.aanbieder, t.andere_aanbieder
    clienten: list[Dossierclient] = []

    # 1. Weert, beschikt: assignment to A, with everything around it.
    m1 = melding(t)
    dc = Dossierclient(m1.client, weert, melding=m1)
    dc.beschikking = beschikt(t, m1)
    dc.plan = dc.beschikking.plan
    _rond_toewijzing(dc, Toewijzing.objects.get(client=m1.client))
    dc.bezwaar = bezwaren.bezwaar_registreren(
        door=t.consulent, besluit=Brief.objects.get(melding=m1, soort="beschikking"), ontvangen_op=date(2024, 7, 8)
    )
    clienten.append(dc)

    # 2. Weert, plan sent to A, no assignment yet.
    m2 = melding(t, ClientFactory(gemeente=weert))
    dc = Dossierclient(m2.client, weert, melding=m2, plan=tot_bij_aanbieder(t, m2))
    clienten.append(dc)

    # 3. Leudal, beschikt with B (by a consultant of Leudal).
    tl = replace(t, consulent=GebruikerFactory(rol=Rol.CONSULENT, regio=t.regio, gemeenten=[leudal]))
    m3 = melding(tl, ClientFactory(gemeente=leudal))
    dc = Dossierclient(m3.client, leudal, melding=m3)
    dc.beschikking = _beschikt_bij(tl, m3, b, t.andere_aanbieder_gebruiker)
    dc.plan = dc.beschikking.plan
    _rond_toewijzing(dc, Toewijzing.objects.get(client=m3.client))
    clienten.append(dc)

    # 4. Leudal, only a melding.
    m4 = melding(tl, ClientFactory(gemeente=leudal))
    clienten.append(Dossierclient(m4.client, leudal, melding=m4))

    # 5. Weert, no melding, an assignment to B (e.g. converted from an older system).
    c5 = ClientFactory(gemeente=weert)
    dc = Dossierclient(c5, weert)
    _rond_toewijzing(dc, ToewijzingFactory(client=c5, aanbieder=b, product=t.bgi1))
    clienten.append(dc)

    # 6. Leudal, nothing at all.
    clienten.append(Dossierclient(ClientFactory(gemeente=leudal), leudal))

    maker = GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[weert])
    batch = Betaalbatch.objects.create(
        gemeente=weert,
        aangemaakt_door=maker,
        goedgekeurd_door=GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[weert]),
        goedgekeurd_op=timezone.now(),
        status="goedgekeurd",
        vervaldatum=date(2024, 9, 1),
    )
    conversie = Conversie.objects.create(
        code="test-conversie",
        naam="Test",
        regio=t.regio,
        bestand="x.yaml",
        sha256="0" * 64,
        definitie={
            "versie": "t.1",
            "code": "test-conversie",
            "naam": "Test",
            "regio": t.regio.code,
            "peildatum": "2024-01-01",
            "regels": [
                {
                    "naam": "BGI uitdienen",
                    "producten": ["BGI"],
                    "van_model": "pxq",
                    "naar_model": "traject",
                    "wijze": "uitdienen",
                    "uiterlijk": "2024-12-31",
                }
            ],
        },
    )
    nummers = [c.toewijzing.toewijzing_nummer for c in clienten if c.toewijzing]
    rapport = f"volgnummer;gemeente;toewijzing\n1;0988;{nummers[0]}\n2;1640;{nummers[1]}\n"
    run = Conversierun.objects.create(conversie=conversie, soort="proef", sha256="0" * 64, rapport_csv=rapport)
    return Wereld(t, weert, leudal, a, b, clienten, batch, run)
