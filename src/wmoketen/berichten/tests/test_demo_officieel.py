"""The whole demo (`wmoketen demo`, then `wmoketen exchange run` for what it left pending) into a temporary exchange
folder, and the official validation XSLT over every message file it produced: a hub would accept every one."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from wmoketen.berichten.codec import read_xml
from wmoketen.berichten.codec.schema import schema_for
from wmoketen.berichten.constants import Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.rules.officieel import officiele_codes

pytestmark = pytest.mark.django_db


def test_every_message_of_the_demo_passes_the_official_validation(tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    call_command("demo", regions=str(Path(django_settings.BASE_DIR) / "regions"), stdout=io.StringIO())
    call_command("exchange_run", stdout=io.StringIO())

    per_soort: Counter[str] = Counter()
    afgekeurd: dict[str, set[str]] = {}
    for pad in sorted(tmp_path.rglob("WMO3*.xml")):
        parsed = read_xml(pad.read_bytes())
        assert schema_for(parsed.soort).validate(parsed.root), pad.name
        per_soort[parsed.soort.value] += 1
        if codes := officiele_codes(parsed.root):
            afgekeurd[pad.name] = codes
    assert afgekeurd == {}
    assert list(tmp_path.rglob("*.fout.txt")) == []  # nothing refused at a door either
    assert not Bericht.objects.filter(status=Status.GEBLOKKEERD).exists()
    # every kind the demo sends is there (the check above is not about an empty folder)
    assert set(per_soort) >= {"301", "302", "305", "306", "307", "308", "315", "316", "323", "325"}, per_soort
    assert per_soort["301"] > 100 and per_soort["323"] > 10
