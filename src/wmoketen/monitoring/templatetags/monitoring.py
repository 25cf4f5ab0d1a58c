from __future__ import annotations

from django import template

from wmoketen.core.money import format_euro

from ..domain import afronden_cent

register = template.Library()


@register.filter
def euro_rond(cents: float | None) -> str:
    """A mean or percentile of cents as euros: {{ v.mediaan|euro_rond }} -> '€ 1.234,50'."""
    return "–" if cents is None else format_euro(afronden_cent(cents))
