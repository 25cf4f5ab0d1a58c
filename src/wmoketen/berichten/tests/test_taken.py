"""The exchange as tasks, without a broker (eager: the same code the worker runs). The real worker on RabbitMQ is in
test_worker.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wmoketen.berichten import tasks
from wmoketen.berichten.codec import build
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling import transport as transport_module
from wmoketen.declaraties.models import Declaratie
from wmoketen.declaraties.tests import harnas
from wmoketen.taken.models import Taak, TaakStatus
from wmoketen.taken.services import opnieuw_aanbieden

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop(tmp_path: Path, settings: Any) -> Iterator[Path]:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    transport_module._transport.cache_clear()
    harnas.opstelling()
    yield tmp_path
    transport_module._transport.cache_clear()


def _inbox(drop: Path, naam: str, ref: str) -> Path:
    inbox = drop / harnas.GEMEENTE / "in"
    inbox.mkdir(parents=True, exist_ok=True)
    pad = inbox / naam
    pad.write_bytes(build(harnas.wmo323_bericht(harnas.prestatie(ref, maand=(2025, 3)))))
    return pad


def _poll(capture: Any) -> str:
    with capture(execute=True):
        return str(tasks.postvakken_lezen.apply().get())


def test_the_poll_makes_one_task_per_file_and_each_file_is_processed(
    drop: Path, django_capture_on_commit_callbacks: Any
) -> None:
    a, b = _inbox(drop, "a.xml", "P1"), _inbox(drop, "b.xml", "P2")
    uitkomst = _poll(django_capture_on_commit_callbacks)
    assert uitkomst.startswith("2 bestand(en) in de postvakken, 2 nieuw aan de worker gegeven")
    assert not a.exists() and not b.exists()
    assert (a.parent / "verwerkt" / "a.xml").exists() and (b.parent / "verwerkt" / "b.xml").exists()
    taken = Taak.objects.filter(naam="berichten.bestand_ontvangen", argumenten__partij=harnas.GEMEENTE)
    assert sorted(taken.values_list("status", "uitkomst")) == [
        ("klaar", "a.xml ontvangen en verwerkt."),
        ("klaar", "b.xml ontvangen en verwerkt."),
    ]
    assert Declaratie.objects.count() == 2
    assert Bericht.objects.filter(richting="uit", soort="325").count() == 2
    # the 325s reached the provider's inbox and were read there at once (its task, not the next poll)
    assert Bericht.objects.filter(partij=harnas.AANBIEDER, richting="in", soort="325").count() == 2
    assert _poll(django_capture_on_commit_callbacks).startswith("0 bestand(en) in de postvakken, 0 nieuw")


def test_a_file_that_keeps_failing_stays_in_the_inbox_as_a_dead_letter_until_beheer_offers_it_again(
    drop: Path, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = _inbox(drop, "c.xml", "P3")
    echt = tasks.aflevering_verwerken

    def kapot(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("fout in de code")

    monkeypatch.setattr(tasks, "aflevering_verwerken", kapot)
    _poll(django_capture_on_commit_callbacks)
    taak = Taak.objects.get(naam="berichten.bestand_ontvangen")
    assert (taak.status, taak.pogingen) == (TaakStatus.DOOD, 5)
    assert "RuntimeError: fout in de code" in taak.fout
    assert pad.exists() and not Declaratie.objects.exists()  # the file waits, nothing half-written
    assert _poll(django_capture_on_commit_callbacks).startswith("1 bestand(en) in de postvakken, 0 nieuw")

    monkeypatch.setattr(tasks, "aflevering_verwerken", echt)
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw_aanbieden(taak=taak)
    taak.refresh_from_db()
    assert (taak.status, taak.uitkomst) == (TaakStatus.KLAAR, "c.xml ontvangen en verwerkt.")
    assert not pad.exists() and Declaratie.objects.count() == 1


def test_a_task_for_a_file_that_is_gone_has_no_effect(drop: Path, django_capture_on_commit_callbacks: Any) -> None:
    _inbox(drop, "d.xml", "P4")
    _poll(django_capture_on_commit_callbacks)
    # the same task once more (a message delivered twice): the file is gone, nothing happens twice
    uitkomst = tasks.bestand_ontvangen.apply(kwargs={"partij": harnas.GEMEENTE, "naam": "d.xml"}).get()
    assert uitkomst == f"d.xml staat niet meer in postvak IN van {harnas.GEMEENTE}: al verwerkt."
    assert Declaratie.objects.count() == 1


def test_a_refused_file_goes_to_geweigerd_with_the_reason(drop: Path, django_capture_on_commit_callbacks: Any) -> None:
    inbox = drop / harnas.GEMEENTE / "in"
    inbox.mkdir(parents=True)
    (inbox / "kapot.xml").write_bytes(b"<niet-af")
    _poll(django_capture_on_commit_callbacks)
    taak = Taak.objects.get(naam="berichten.bestand_ontvangen")
    assert taak.status == TaakStatus.KLAAR and taak.uitkomst.startswith("kapot.xml geweigerd: ")
    assert (inbox / "geweigerd" / "kapot.xml").exists() and (inbox / "geweigerd" / "kapot.xml.fout.txt").exists()


def test_a_file_name_with_a_path_is_not_looked_up_outside_the_inbox(drop: Path) -> None:
    t = transport_module.transport()
    assert t.aflevering(harnas.GEMEENTE, "../uit/x.xml") is None
    assert t.aflevering(harnas.GEMEENTE, ".verborgen") is None
