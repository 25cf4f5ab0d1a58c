"""Delivering a conversion batch's 301s: together after the batch commits (berichten.uitwisseling.verzenden
gebundeld_afleveren / afleveren_samen), never before the commit, with the same end state as one transaction per
message and the same behaviour when the transport fails half-way."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wmoketen.berichten.constants import Richting
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import toewijzing_301_verzenden
from wmoketen.berichten.uitwisseling import verzenden
from wmoketen.berichten.uitwisseling.verzenden import afleveren_open, afleveren_samen, gebundeld_afleveren
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import Voortgang, run_uitvoeren, run_voorbereiden

from .conversie_fixture import LN_CONVERSIE, ln_fixture

MARKEREN = 'UPDATE "berichten_bericht" SET "afgeleverd_op"'


@pytest.fixture
def uitwisseling(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


def _afgeleverd(map_: Path) -> set[str]:
    """The 301s handed to the transport (still in the provider's inbox, or already read there: a single message
    is offered to the provider's side at once)."""
    return {p.name for p in map_.glob("*/in/**/WMO301_*.xml")}


@pytest.mark.django_db(transaction=True)
def test_run_levert_de_301s_van_een_batch_samen_af_na_de_commit(uitwisseling: Path):
    ln_fixture(clienten=3)  # 18 assignments, 12 301s
    run = run_voorbereiden(gelezen=lees_definitie(LN_CONVERSIE))
    voortgang: list[Voortgang] = []
    with CaptureQueriesContext(connection) as ctx:
        run = run_uitvoeren(run=run, batch_grootte=4, voortgang=voortgang.append)
    uit = Bericht.objects.filter(richting=Richting.UIT, soort="301")
    assert uit.count() == run.berichten_301 == 12
    assert not uit.filter(afgeleverd_op__isnull=True).exists()
    assert _afgeleverd(uitwisseling) == set(uit.values_list("bestandsnaam", flat=True))
    assert {p.name for p in uitwisseling.glob("*/uit/WMO301_*.xml")} == _afgeleverd(uitwisseling)
    # one UPDATE marking the delivered messages per batch that sent 301s (was one per message)
    met_301, vorige = 0, 0
    for v in voortgang:
        met_301 += v.berichten_301 > vorige
        vorige = v.berichten_301
    assert 1 < met_301 < run.berichten_301
    assert sum(q["sql"].startswith(MARKEREN) for q in ctx.captured_queries) == met_301
    # the identifications per sending municipality are consecutive (one UPDATE ... RETURNING per message)
    for gemeente in set(uit.values_list("afzender", flat=True)):
        nummers = sorted(
            int(i.split("-")[1]) for i in uit.filter(afzender=gemeente).values_list("identificatie", flat=True)
        )
        assert nummers == list(range(1, len(nummers) + 1))


@pytest.mark.django_db(transaction=True)
def test_teruggedraaide_batch_levert_niets_af(uitwisseling: Path):
    toewijzingen = ln_fixture()

    class Terug(Exception):
        pass

    with pytest.raises(Terug), gebundeld_afleveren(), transaction.atomic():
        assert toewijzing_301_verzenden(client=toewijzingen[0].client, aanbieder=toewijzingen[0].aanbieder)
        raise Terug
    assert not Bericht.objects.exists()
    assert _afgeleverd(uitwisseling) == set()


@pytest.mark.django_db(transaction=True)
def test_binnen_een_open_transactie_pas_bij_de_buitenste_commit(uitwisseling: Path):
    toewijzingen = ln_fixture()
    with transaction.atomic():
        with gebundeld_afleveren(), transaction.atomic():  # not the outermost: no bundle, delivery on the commit
            bericht = toewijzing_301_verzenden(client=toewijzingen[0].client, aanbieder=toewijzingen[0].aanbieder)
        assert bericht is not None
        assert _afgeleverd(uitwisseling) == set()
    bericht.refresh_from_db()
    assert bericht.afgeleverd_op is not None
    assert _afgeleverd(uitwisseling) == {bericht.bestandsnaam}


class _Haperend:
    """A transport that refuses the second message it gets."""

    def __init__(self) -> None:
        self.gekregen: list[str] = []

    def afleveren(self, *, afzender: str, ontvanger: str, bestandsnaam: str, inhoud: bytes) -> None:
        if len(self.gekregen) == 1:
            raise OSError("schijf vol")
        self.gekregen.append(bestandsnaam)


@pytest.mark.django_db
def test_transportfout_halverwege_markeert_de_eerdere_en_laat_de_rest_open(uitwisseling, monkeypatch):
    toewijzingen = ln_fixture()
    paren = sorted({(t.client, t.aanbieder) for t in toewijzingen}, key=lambda p: (p[0].pk, p[1].pk))
    berichten = [toewijzing_301_verzenden(client=c, aanbieder=a) for c, a in paren[:3]]
    ids = [b.pk for b in berichten if b is not None]
    assert len(ids) == 3  # not delivered yet: the test transaction never commits
    haperend = _Haperend()
    monkeypatch.setattr(verzenden, "transport", lambda: haperend)
    with pytest.raises(OSError, match="schijf vol"):
        afleveren_samen(ids)
    geleverd = Bericht.objects.filter(pk__in=ids, afgeleverd_op__isnull=False)
    assert list(geleverd.values_list("pk", flat=True)) == [min(ids)]
    assert haperend.gekregen == [Bericht.objects.get(pk=min(ids)).bestandsnaam]
    monkeypatch.undo()
    assert afleveren_open() == 2
    assert afleveren_samen(ids) == 0  # idempotent: delivered rows are skipped
    assert not Bericht.objects.filter(pk__in=ids, afgeleverd_op__isnull=True).exists()
