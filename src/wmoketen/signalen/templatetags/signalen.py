"""{% te_doen %}: the number of items on the user's task list, for the navigation (only pages that show it pay)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from wmoketen.signalen.selectors import soorten_voor, takenlijst

register = template.Library()


@register.inclusion_tag("signalen/_navigatie.html", takes_context=True)
def te_doen(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not gebruiker.is_authenticated or not soorten_voor(gebruiker):
        return {"tonen": False}
    lijst = takenlijst(gebruiker=gebruiker, vandaag=timezone.localdate())
    return {"tonen": True, "aantal": lijst.aantal, "per_soort": [(s.label, n) for s, n in lijst.per_soort.items()]}
