"""The dependency audit fails on a known vulnerability and never reports an audit that did not run as clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "dependency_audit", Path(__file__).parents[1] / "tools" / "dependency_audit.py"
)
assert spec and spec.loader
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_known_vulnerability_fails() -> None:
    code, tekst = audit.beoordeel(
        {"dependencies": [{"name": "lxml", "version": "4.0", "vulns": [{"id": "PYSEC-2020-1"}]}]}
    )
    assert code == 1
    assert "lxml 4.0: PYSEC-2020-1" in tekst


def test_unreachable_service_is_not_reported_as_clean() -> None:
    code, tekst = audit.beoordeel(
        {"dependencies": [{"name": "django", "version": "5.2", "skip_reason": "Dependency not found on PyPI"}]}
    )
    assert code == 0
    assert "NIET UITGEVOERD" in tekst and "geen bekende" not in tekst


def test_clean_audit() -> None:
    code, tekst = audit.beoordeel({"dependencies": [{"name": "django", "version": "5.2", "vulns": []}]})
    assert (code, tekst) == (0, "afhankelijkheden-audit: 1 pakketten gecontroleerd, geen bekende kwetsbaarheden.")
