from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from wmoketen.core.money import format_euro

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """{{ tarief.bedrag_cent|euro }} -> '€ 60,50'"""
    return format_euro(cents)


@register.filter
def periode(van: date | None, tot: date | None) -> str:
    """{{ t.geldig_van|periode:t.geldig_tot }} -> '01-01-2022 t/m 31-12-2022' or 'vanaf 01-01-2022'."""
    if van is None:
        return "–"
    if tot is None:
        return f"vanaf {van:%d-%m-%Y}"
    return f"{van:%d-%m-%Y} t/m {tot:%d-%m-%Y}"


@register.filter
def omvang(t: Any) -> str:
    """The granted extent of an assignment (anything with budget_cent, volume, eenheid, frequentie and their
    get_*_display): 'budget € 1.200,00', '€ 950,00 totaal binnen geldigheidsduur', '3 × uur per week'."""
    if getattr(t, "budget_cent", None):
        return f"budget {format_euro(t.budget_cent)}"
    if getattr(t, "volume", None) is None:
        return "–"
    frequentie = t.get_frequentie_display().lower() if t.frequentie else ""
    if t.eenheid == "83":
        return f"{format_euro(t.volume)} {frequentie}".strip()
    eenheid = t.get_eenheid_display().lower() if t.eenheid else "eenheden"
    return f"{t.volume} × {eenheid} {frequentie}".strip()
