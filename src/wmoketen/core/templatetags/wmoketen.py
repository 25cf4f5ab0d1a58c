from __future__ import annotations

from datetime import date

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
