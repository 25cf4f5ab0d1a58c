"""iWmo 2.x messages: read where their structure allows, otherwise reported as not importable with the reason
(a product without ToewijzingNummer, a missing element, a value of the wrong type, a kind that 3.x replaced)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from lxml import etree

from wmoketen.catalogus.models import Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.migratie.archief.kop import NietImporteerbaar, lees_kop
from wmoketen.migratie.archief.lezen2 import lees
from wmoketen.migratie.proefarchief import proefarchief_schrijven


@pytest.fixture(scope="module")
def berichten_2x(tmp_path_factory: Any, django_db_setup: Any, django_db_blocker: Any) -> dict[str, bytes]:
    # The archive is written from a loaded region; the region is rolled back so that no later test finds it.
    with django_db_blocker.unblock(), transaction.atomic():
        regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
        doel = tmp_path_factory.mktemp("archief")
        proefarchief_schrijven(regio=Regio.objects.get(code="midden-limburg-2024"), doel=doel, toewijzingen=4,
                               maanden=1, slecht=True)  # fmt: skip
        transaction.set_rollback(True)
    return {p.name[3:6]: p.read_bytes() for p in (doel / "berichten" / "2x").glob("*.xml")}


def _zonder(data: bytes, naam: str) -> bytes:
    boom = etree.fromstring(data)
    for el in [e for e in boom.iter() if isinstance(e.tag, str) and etree.QName(e).localname == naam]:
        el.getparent().remove(el)
    return etree.tostring(boom, xml_declaration=True, encoding="UTF-8")


def _vervang(data: bytes, naam: str, tekst: str) -> bytes:
    boom = etree.fromstring(data)
    for el in boom.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == naam:
            el.text = tekst
    return etree.tostring(boom, xml_declaration=True, encoding="UTF-8")


def _reden(data: bytes) -> str:
    with pytest.raises(NietImporteerbaar) as fout:
        lees(data, lees_kop(data))
    return str(fout.value)


@pytest.mark.django_db
def test_een_leesbare_21_toewijzing_wordt_gelezen(berichten_2x: dict[str, bytes]) -> None:
    data = berichten_2x["301"]
    kop = lees_kop(data)
    assert kop.versie.startswith("2.")
    gelezen = lees(data, kop)
    assert len(gelezen) == 1 and gelezen[0].client.toegewezen_producten[0].toewijzing_nummer == 990_005  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_wat_de_opbouw_niet_toelaat_heeft_een_reden(berichten_2x: dict[str, bytes]) -> None:
    data = berichten_2x["301"]
    assert "geen ToewijzingNummer (mocht in iWmo 2.x)" in _reden(_zonder(data, "ToewijzingNummer"))
    assert "Toewijzingstijd ontbreekt" in _reden(_zonder(data, "Toewijzingstijd"))
    assert "'morgen' is geen datum" in _reden(_vervang(data, "Ingangsdatum", "morgen"))
    assert "Geen cliënt in dit bericht" in _reden(_zonder(data, "Client"))
    assert "WMO303" in _reden(berichten_2x["303"]) and "CS100" in _reden(berichten_2x["303"])
    kapot = data.replace(b"</", b"<", 1)
    assert "XML" in _reden(kapot) or "xml" in _reden(kapot)
