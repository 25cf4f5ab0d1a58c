"""The region-file schema refuses what the database cannot hold: every text length equals its column."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotated_types import MaxLen
from django.db import models

from wmoketen.catalogus import models as cat
from wmoketen.contracten import models as con
from wmoketen.contracten.regiobestand import schema as s
from wmoketen.contracten.regiobestand.fouten import RegiobestandFout
from wmoketen.contracten.services import regio_laden

KOPPELINGEN: list[tuple[type, str, type[models.Model], str]] = [
    (s.RegioKop, "naam", cat.Regio, "naam"),
    (s.Regiobestand, "versie", cat.Regio, "bestand_versie"),
    (s.GemeenteRegel, "naam", cat.Gemeente, "naam"),
    (s.GrondslagRegel, "naam", cat.Grondslag, "naam"),
    (s.ProfielRegel, "code", cat.Profiel, "code"),
    (s.ProfielRegel, "naam", cat.Profiel, "naam"),
    (s.ProfielRegel, "categorie", cat.Profiel, "categorie"),
    (s.ProfielRegel, "intensiteit", cat.Profiel, "intensiteit"),
    (s.ProfielRegel, "aard", cat.Profiel, "aard"),
    (s.AfrekenregelRegel, "naam", cat.Afrekenregel, "naam"),
    (s.SegmentRegel, "code", cat.Segment, "code"),
    (s.SegmentRegel, "naam", cat.Segment, "naam"),
    (s.Instrumenten, "contractduur", cat.Segment, "contractduur"),
    (s.PerceelRegel, "code", cat.Perceel, "code"),
    (s.PerceelRegel, "naam", cat.Perceel, "naam"),
    (s.ProductRegel, "productcode", cat.Product, "productcode"),
    (s.ProductRegel, "naam", cat.Product, "naam"),
    (s.ProductRegel, "regio_productcode", cat.Product, "regio_productcode"),
    (s.ProductRegel, "cak_code", cat.Product, "cak_code"),
    (s.TariefRegel, "bron", cat.Tarief, "bron"),
    (s.AanbiederRegel, "naam", con.Aanbieder, "naam"),
    (s.OvereenkomstRegel, "kenmerk", con.Overeenkomst, "kenmerk"),
    (s.OvereenkomstRegel, "verlengingsopties", con.Overeenkomst, "verlengingsopties"),
]


def _max_len(schema_cls: type, veld: str) -> int | None:
    info = schema_cls.model_fields[veld]  # type: ignore[attr-defined]
    for meta in info.metadata:
        if isinstance(meta, MaxLen):
            return meta.max_length
        if getattr(meta, "max_length", None) is not None:
            return int(meta.max_length)
    return None


@pytest.mark.parametrize("schema_cls,veld,model,kolom", KOPPELINGEN)
def test_schema_length_equals_column(schema_cls: type, veld: str, model: type[models.Model], kolom: str) -> None:
    assert _max_len(schema_cls, veld) == model._meta.get_field(kolom).max_length  # type: ignore[union-attr]


@pytest.mark.django_db
def test_overlong_value_is_refused_with_its_line(tmp_path: Path) -> None:
    klein = Path(__file__).parent / "regiobestanden" / "klein.yaml"
    pad = tmp_path / "lang.yaml"
    pad.write_text(klein.read_text().replace('contractduur: "4+1+1"', f'contractduur: "{"x" * 101}"'))
    verwacht = r"lang.yaml:\d+: segmenten\[1\]\.instrumenten\.contractduur: is te lang"
    with pytest.raises(RegiobestandFout, match=verwacht):
        regio_laden(pad=pad)
