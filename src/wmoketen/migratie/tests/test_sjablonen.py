"""Templates for what the archive does not hold (beschikkingen, lopende meldingen, evaluaties, verbruik van
budgetplafonds, betalingen): published in CSV and XLSX with a Dutch description per column, read cell by cell,
every bad row refused whole with its row number and a Dutch reason; the dry run changes nothing and predicts the
real run; the writes go through the services of the domain apps."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Regio
from wmoketen.contracten.models import Budgetplafond
from wmoketen.contracten.services import regio_laden
from wmoketen.declaraties.constants import BatchStatus, PrestatieStatus
from wmoketen.declaraties.models import Betaalregel, Declaratie, Prestatie
from wmoketen.declaraties.selectors import in_batches_cent, openstaand_goedgekeurd, prestaties_onder_plafond
from wmoketen.herindicatie.models import Evaluatie
from wmoketen.herindicatie.services import evaluaties_plannen
from wmoketen.migratie.constants import Uitkomst
from wmoketen.migratie.export.schrijven import export_aanmaken, export_draaien
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
from wmoketen.migratie.models import Migratie
from wmoketen.migratie.proefarchief import proefarchief_schrijven
from wmoketen.migratie.sjablonen.definities import SJABLONEN
from wmoketen.migratie.sjablonen.publiceren import sjablonen_md, sjablonen_schrijven
from wmoketen.toegang.constants import Fase, TermijnCode
from wmoketen.toegang.models import Beschikking, Melding, OvergenomenBeschikking
from wmoketen.toewijzingen.models import Toewijzing


@pytest.fixture
def regio(db: Any) -> Regio:
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


@pytest.fixture
def beheer(regio: Regio) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER)
    return gebruiker


@pytest.fixture
def overgenomen(regio: Regio, beheer: Gebruiker, tmp_path: Path) -> Path:
    """The archive of 12 assignments and 3 months taken over; the templates come in a second import."""
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=12, maanden=3)
    _importeer(regio, tmp_path / "archief", beheer)
    return tmp_path


def _importeer(regio: Regio, bron: Path, door: Gebruiker) -> tuple[Migratie, Migratie]:
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron, door=door).pk, batch=7)
    return proef, import_draaien(uitvoering_aanmaken(proefdraai=proef, door=door).pk, batch=7)


def _csv(pad: Path, kop: list[str], rijen: list[list[object]]) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow(kop)
    schrijver.writerows(rijen)
    pad.write_text(uit.getvalue(), encoding="utf-8")


def _xlsx(pad: Path, kop: list[str], rijen: list[list[object]]) -> None:
    boek = Workbook()
    blad = boek.active
    assert blad is not None
    blad.append(kop)
    for r in rijen:
        blad.append(r)
    boek.save(pad)


def _stand() -> dict[str, object]:
    return {
        "meldingen": Melding.objects.count(),
        "beschikkingen": Beschikking.objects.count(),
        "evaluaties": sorted(Evaluatie.objects.values_list("toewijzing_id", "soort", "gepland_op", "overgenomen")),
        "betaalregels": Betaalregel.objects.count(),
        "verbruik": sorted(Budgetplafond.objects.values_list("pk", "verbruik_vooraf_cent")),
    }


def test_de_sjablonen_zijn_gepubliceerd_met_een_toelichting_per_kolom(tmp_path: Path) -> None:
    geschreven = sjablonen_schrijven(tmp_path)
    for naam in ("beschikkingen", "meldingen", "evaluaties", "budgetplafonds", "betalingen"):
        sjabloon = SJABLONEN[naam]
        assert (tmp_path / f"{naam}.csv").read_text(encoding="utf-8").strip() == ";".join(
            k.naam for k in sjabloon.kolommen
        )
        boek = load_workbook(tmp_path / f"{naam}.xlsx", read_only=True)
        toelichting = [r for r in boek["toelichting"].iter_rows(values_only=True)]
        assert toelichting[0][0] == sjabloon.titel
        assert [r[0] for r in toelichting[4:]] == [k.naam for k in sjabloon.kolommen]
        assert all(r[3] for r in toelichting[4:])  # every column described (in Dutch)
        assert tmp_path / f"{naam}-toelichting.csv" in geschreven
    docs = (Path(settings.BASE_DIR) / "docs" / "migratie.md").read_text(encoding="utf-8")
    assert sjablonen_md() in docs


def test_sjablonen_proefdraai_dan_uitvoering_via_de_domeinservices(
    regio: Regio, beheer: Gebruiker, overgenomen: Path
) -> None:
    toewijzingen = list(Toewijzing.objects.select_related("client").order_by("toewijzing_nummer"))
    t1, t2 = toewijzingen[0], next(t for t in toewijzingen if t.client_id != toewijzingen[0].client_id)
    declaratie = Declaratie.objects.filter(prestaties__status=PrestatieStatus.GOEDGEKEURD).order_by("pk").first()
    assert declaratie is not None
    goedgekeurd = sum(p.toegekend_cent for p in declaratie.prestaties.filter(status=PrestatieStatus.GOEDGEKEURD))
    segment = t1.product.perceel.segment
    plafond = Budgetplafond.objects.create(
        aanbieder=t1.aanbieder, segment=segment, jaar=t1.ingangsdatum.year, bedrag_cent=50_000_000
    )  # as the region file would have it
    Evaluatie.objects.filter(toewijzing=t1).delete()
    evaluaties_plannen(toewijzing=t1, vandaag=t1.ingangsdatum)  # wmoketen's own planning before the import
    eigen_planning = Evaluatie.objects.filter(toewijzing=t1).count()
    eind = t1.einddatum or t1.ingangsdatum + timedelta(days=365)
    melddatum = date.today() - timedelta(days=10)

    bron = overgenomen / "sjablonen-bron" / "sjablonen"
    _csv(
        bron / "meldingen.csv",
        ["bsn", "melddatum", "fase", "huisbezoek_afspraak_op", "huisbezoek_datum", "aanvraag_op", "uiterlijk"],
        [
            [t1.client.bsn, f"{melddatum:%d-%m-%Y}", "onderzoek", melddatum.isoformat(), "", "", "2000-01-01"],
            [t2.client.bsn, melddatum.isoformat(), "aanvraag", "", "", "", ""],  # row 3: aanvraag without its date
            [t2.client.bsn, "31-02-2024", "melding", "", "", "", ""],  # row 4: no date
            ["999999990", melddatum.isoformat(), "melding", "", "", "", ""],  # row 5: unknown client
        ],
    )
    _xlsx(
        bron / "beschikkingen.xlsx",
        ["bsn", "beschikkingnummer", "besluitdatum", "ingangsdatum", "einddatum", "toewijzingnummers"],
        [
            [t1.client.bsn, 7001, t1.ingangsdatum, t1.ingangsdatum, eind, str(t1.toewijzing_nummer)],
            [t1.client.bsn, 7002, t1.ingangsdatum, t1.ingangsdatum, eind, str(t2.toewijzing_nummer)],  # other client
            [t1.client.bsn, "zevenduizend", t1.ingangsdatum, t1.ingangsdatum, eind, ""],  # wrong type
        ],
    )
    _csv(
        bron / "evaluaties.csv",
        ["toewijzingnummer", "soort", "gepland_op"],
        [
            [t1.toewijzing_nummer, "tussen", (t1.ingangsdatum + timedelta(days=40)).isoformat()],
            [99999999, "eind", "2024-06-01"],  # unknown assignment
        ],
    )
    _csv(
        bron / "budgetplafonds.csv",
        ["aanbieder", "segment", "jaar", "verbruikt", "plafond"],
        [
            [t1.aanbieder.agb_code, segment.code, t1.ingangsdatum.year, "1234,56", "500000,00"],
            [t1.aanbieder.agb_code, "GEENSEGMENT", t1.ingangsdatum.year, "10,00", ""],
        ],
    )
    _csv(
        bron / "betalingen.csv",
        ["aanbieder", "declaratienummer", "bedrag", "betaald_op"],
        [
            [
                declaratie.aanbieder.agb_code,
                declaratie.declaratie_nummer,
                f"{goedgekeurd // 100},{goedgekeurd % 100:02d}",
                "2024-05-01",
            ],
            [declaratie.aanbieder.agb_code, "ONBEKEND", "1,00", "2024-05-01"],
        ],
    )
    voor = _stand()
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron.parent, door=beheer).pk, batch=3)
    assert _stand() == voor  # the dry run changed nothing
    redenen = {(a.pad, a.regel): a.reden for a in proef.afwijzingen.all()}
    assert set(redenen) == {
        ("sjablonen/meldingen.csv", 3),
        ("sjablonen/meldingen.csv", 4),
        ("sjablonen/meldingen.csv", 5),
        ("sjablonen/beschikkingen.xlsx", 3),
        ("sjablonen/beschikkingen.xlsx", 4),
        ("sjablonen/evaluaties.csv", 3),
        ("sjablonen/budgetplafonds.csv", 3),
        ("sjablonen/betalingen.csv", 3),
    }
    assert redenen[("sjablonen/meldingen.csv", 3)] == "Regel 3: fase aanvraag vraagt de datum aanvraag_op."
    assert "'31-02-2024' is geen datum" in redenen[("sjablonen/meldingen.csv", 4)]
    assert "BSN 999999990 is niet bekend" in redenen[("sjablonen/meldingen.csv", 5)]
    assert f"toewijzing {t2.toewijzing_nummer} is van een andere cliënt" in redenen[("sjablonen/beschikkingen.xlsx", 3)]
    assert (
        "kolom beschikkingnummer: 'zevenduizend' is geen geheel getal" in redenen[("sjablonen/beschikkingen.xlsx", 4)]
    )
    assert "toewijzing 99999999 is niet overgenomen" in redenen[("sjablonen/evaluaties.csv", 3)]
    assert "Geen budgetplafond" in redenen[("sjablonen/budgetplafonds.csv", 3)]
    assert "Declaratie ONBEKEND" in redenen[("sjablonen/betalingen.csv", 3)]
    assert "de eerstvolgende wettelijke termijn is in wmoketen" in proef.rapport_md
    assert proef.tellingen["soorten"] == {
        "beschikkingen": 1, "meldingen": 1, "evaluaties": 1, "budgetplafonds": 1, "betalingen": 1
    }  # fmt: skip

    echt = import_draaien(uitvoering_aanmaken(proefdraai=proef, door=beheer).pk, batch=3)
    assert echt.tellingen["soorten"] == proef.tellingen["soorten"]
    assert sorted((a.pad, a.regel, a.reden) for a in echt.afwijzingen.all()) == sorted(
        (a.pad, a.regel, a.reden) for a in proef.afwijzingen.all()
    )
    melding = Melding.objects.get(client=t1.client, melddatum=melddatum)
    assert (melding.fase, melding.volgende_termijn) == (Fase.ONDERZOEK, TermijnCode.ONDERZOEK)
    assert [s.soort for s in melding.stappen.order_by("pk")] == ["melding", "huisbezoek"]
    beschikking = OvergenomenBeschikking.objects.get()
    assert (beschikking.beschikking_nummer, beschikking.toewijzing_nummers) == (7001, [t1.toewijzing_nummer])
    assert beschikking.beschikking.toewijzingen.get() == t1  # a full beschikking with its assignment under it
    evaluaties = list(Evaluatie.objects.filter(toewijzing=t1).values_list("soort", "gepland_op", "overgenomen"))
    assert eigen_planning > 0 and evaluaties == [("tussen", t1.ingangsdatum + timedelta(days=40), True)]
    assert evaluaties_plannen(toewijzing=t1, vandaag=date.today())[0].overgenomen  # the old schedule stays
    assert Evaluatie.objects.filter(toewijzing=t1).count() == 1
    plafond.refresh_from_db()
    assert plafond.verbruik_vooraf_cent == 123456
    betaald_onder_plafond = sum(
        r.bedrag_cent
        for r in Betaalregel.objects.filter(prestatie__in=prestaties_onder_plafond(plafond))  # paid by the old suite
    )
    assert in_batches_cent(plafond) == betaald_onder_plafond + 123456  # what the batch's ceiling rule starts from
    regels = Betaalregel.objects.filter(prestatie__declaratie=declaratie)
    assert sum(r.bedrag_cent for r in regels) == goedgekeurd
    assert {r.batch.status for r in regels} == {BatchStatus.OVERGENOMEN}
    assert not openstaand_goedgekeurd().filter(declaratie=declaratie).exists()  # no batch pays it again
    maand = f"{declaratie.periode_begin:%Y-%m}"
    assert echt.tellingen["geld"][declaratie.aanbieder.agb_code][maand]["betaald"] == goedgekeurd

    # the same source again: a new dry run finds everything present and changes nothing
    na = _stand()
    nogmaals = import_draaien(proefdraai_aanmaken(regio=regio, bron=overgenomen / "sjablonen-bron").pk, batch=3)
    assert _stand() == na
    aanwezig = nogmaals.tellingen["uitkomsten"]
    for soort in ("beschikkingen", "meldingen", "evaluaties", "budgetplafonds"):
        assert aanwezig[soort].get(Uitkomst.AANWEZIG) == 1, soort
    assert Prestatie.objects.filter(betaalregel__isnull=False).count() == regels.count()

    # the export writes the payments back in the same template, so they come back through the same door
    export = export_draaien(export_aanmaken(regio=regio, doel=overgenomen / "export").pk)
    betalingen = (Path(export.bron) / "sjablonen" / "betalingen.csv").read_text(encoding="utf-8").splitlines()
    sjablonen = Path(export.bron) / "sjablonen"
    assert (sjablonen / "beschikkingen.csv").read_text(encoding="utf-8").splitlines()[1] == (
        f"{t1.client.bsn};7001;{t1.ingangsdatum.isoformat()};{t1.ingangsdatum.isoformat()};{eind.isoformat()};"
        f"{t1.toewijzing_nummer};;;{t1.client.gemeente.cbs_code}"  # the gemeente: the BSN is unique per gemeente
    )
    assert (sjablonen / "evaluaties.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        f"{t1.toewijzing_nummer};tussen;{(t1.ingangsdatum + timedelta(days=40)).isoformat()}"
    ]
    assert (sjablonen / "budgetplafonds.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        f"{t1.aanbieder.agb_code};{segment.code};{t1.ingangsdatum.year};1234,56;500000,00"
    ]
    assert betalingen == [
        "aanbieder;declaratienummer;bedrag;betaald_op",
        f"{declaratie.aanbieder.agb_code};{declaratie.declaratie_nummer};{goedgekeurd // 100},{goedgekeurd % 100:02d};"
        "2024-05-01",
    ]


@pytest.mark.django_db
def test_a_template_row_never_picks_one_of_two_clients_with_its_bsn() -> None:
    """The BSN is unique per gemeente (issue 13 item 8): a beschikking or melding row for a BSN that is a client in
    two gemeenten of the region is refused unless its column gemeente says which; it never picks one."""
    from types import SimpleNamespace

    from tests.factories import ClientFactory, GemeenteFactory
    from wmoketen.clienten.selectors import client_ids_in_gemeenten
    from wmoketen.migratie.sjablonen.verwerken import Sjabloonverwerking

    weert, leudal = GemeenteFactory(cbs_code="0988"), GemeenteFactory(cbs_code="1640")
    in_weert = ClientFactory(gemeente=weert)
    in_leudal = ClientFactory(gemeente=leudal, bsn=in_weert.bsn)
    geweigerd: list[str] = []
    werk = SimpleNamespace(
        regio=SimpleNamespace(gemeenten={"0988": weert, "1640": leudal}),
        weiger=lambda stap, redenen: geweigerd.extend(redenen),
    )
    verwerking = Sjabloonverwerking(werk)  # type: ignore[arg-type]
    clienten = client_ids_in_gemeenten([in_weert.bsn], gemeenten=[weert, leudal])

    def rij(**gegevens: str) -> Any:
        return SimpleNamespace(gegevens={"bsn": in_weert.bsn, **gegevens}, regel=2)

    assert verwerking._client_van(rij(), clienten) is None
    assert len(geweigerd) == 1 and "meer dan één gemeente van de regio" in geweigerd[0]
    assert verwerking._client_van(rij(gemeente="1640"), clienten) == in_leudal.pk
    assert verwerking._client_van(rij(gemeente="0988"), clienten) == in_weert.pk
    in_leudal.delete()
    assert verwerking._client_van(rij(), client_ids_in_gemeenten([in_weert.bsn], gemeenten=[weert, leudal])) == (
        in_weert.pk
    )
