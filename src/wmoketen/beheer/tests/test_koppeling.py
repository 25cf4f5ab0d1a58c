"""`wmoketen koppeling`: a token per system and party, shown once, stored as a hash, revocable."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.management import CommandError, call_command

from tests.factories import AanbiederFactory, GemeenteFactory
from wmoketen.accounts.models import Systeemkoppeling
from wmoketen.accounts.services import koppeling_bij_token

pytestmark = pytest.mark.django_db


def test_make_list_and_revoke(capsys: pytest.CaptureFixture[str]) -> None:
    aanbieder = AanbiederFactory(agb_code="98000001")
    GemeenteFactory(cbs_code="0988")
    call_command("koppeling", "maken", "--naam", "ECD", "--aanbieder", "98000001")
    token = re.search(r"wmk_\S+", capsys.readouterr().out).group()  # type: ignore[union-attr]
    koppeling = Systeemkoppeling.objects.get()
    assert (koppeling.aanbieder, koppeling.partij_code) == (aanbieder, "98000001")
    assert koppeling.token_sha256 == hashlib.sha256(token.encode()).hexdigest() and token not in str(vars(koppeling))
    assert koppeling_bij_token(token) == koppeling

    call_command("koppeling", "maken", "--naam", "Suite", "--gemeente", "0988")
    call_command("koppeling", "lijst")
    lijst = capsys.readouterr().out
    assert "98000001" in lijst and "0988" in lijst and token not in lijst

    call_command("koppeling", "intrekken", str(koppeling.pk))
    assert koppeling_bij_token(token) is None
    with pytest.raises(CommandError, match="Geen aanbieder"):
        call_command("koppeling", "maken", "--naam", "x", "--aanbieder", "11111111")
