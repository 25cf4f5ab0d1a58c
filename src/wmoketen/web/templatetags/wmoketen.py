"""The template library every page loads (`{% load wmoketen %}`): thin filters over `contracten.weergave`, the one
formatter per kind of value (money, volumes in their unit, frequencies, gemeenten, providers, message parties),
plus the retourcodes by name. It lives in `web`, the top layer, so it may read every context's code lists."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wmoketen.catalogus.thema import ThemaFout, thema_van
from wmoketen.contracten import weergave
from wmoketen.declaraties.constants import retourcodes_tekst
from wmoketen.toegang.pdf import planproduct_omvang

logger = logging.getLogger(__name__)
register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """{{ tarief.bedrag_cent|euro }} -> '€ 60,50'"""
    return weergave.euro(cents)


@register.filter
def bedrag_per(cents: int | None, per: str) -> str:
    """{{ t.bedrag_cent|bedrag_per:t.get_per_display }} -> '€ 510,00 per maand'"""
    return weergave.bedrag_per(cents, str(per))


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
    """The granted extent of an assignment: 'budget € 1.200,00', '€ 950,00 in totaal binnen de
    geldigheidsduur', '3 uur per week'."""
    return weergave.toegewezen_omvang(t)


@register.filter
def volume(waarde: int | None, eenheid: str | None) -> str:
    """{{ p.geleverd_volume|volume:p.eenheid }} -> '1 uur en 30 minuten', '€ 274,29', '5 etmalen'."""
    return weergave.volume(waarde, eenheid)


@register.filter
def volume_invoer(waarde: int, eenheid: str | None) -> str:
    """value="{{ r.geleverd_volume|volume_invoer:r.eenheid }}": euros for unit 83 ('274.29'), else the number."""
    return weergave.volume_invoer(waarde, eenheid)


@register.filter
def eenheid(code: str | None) -> str:
    """{{ p.eenheid|eenheid }} -> 'uur'"""
    return weergave.eenheid(code)


@register.filter
def frequentie(code: str | None) -> str:
    """{{ t.frequentie|frequentie }} -> 'per week'"""
    return weergave.frequentie(code)


@register.filter
def gemeente(g: Any, met_code: str = "") -> str:
    """{{ client.gemeente|gemeente }} -> 'Weert'; {{ d.gemeente|gemeente:"code" }} -> 'Weert (0988)'."""
    return weergave.gemeente(g, met_code=bool(met_code))


@register.filter
def aanbieder(a: Any, met_code: str = "") -> str:
    """{{ d.aanbieder|aanbieder:"code" }} -> 'Zorg BV (AGB 99020001)'."""
    return weergave.aanbieder(a, met_code=bool(met_code))


@register.filter
def planomvang(pp: Any, op: date | None) -> str:
    """{{ pp|planomvang:plan.verzonden_op }} -> '3 uur per week': the extent as the plan letter states it."""
    return planproduct_omvang(pp, op or timezone.localdate())[1]


@register.simple_tag(takes_context=True)
def partij(context: template.Context, code: str) -> str:
    """{% partij bericht.van %} -> 'Weert (0988)' or 'Zorg BV (AGB 99020001)': the codes of one page are looked up
    once (the names are kept for this rendering only)."""
    if "wmoketen_partijnamen" not in context.render_context:
        context.render_context["wmoketen_partijnamen"] = {}
    namen: dict[str, str] = context.render_context["wmoketen_partijnamen"]
    if code and code not in namen:
        namen[code] = weergave.partijnamen({code}).get(code, "")
    return weergave.partij(code, namen)


@register.filter
def retourcodes(codes: list[str] | None) -> str:
    """{{ b.retour_codes|retourcodes }} -> '0200 Geen opmerking over deze berichtklasse; 8001 ...'; a code the
    list does not name stays a code."""
    return retourcodes_tekst(codes)


# --- NL Design System components (issue 19 item 1; docs/weergave.md) ---

ALERT_SOORTEN = {
    # Django message level -> (Utrecht alert modifier, leading word, role): not colour alone (WCAG 1.4.1); errors and
    # warnings are announced at once (role=alert), the others politely (role=status).
    "error": ("error", "Fout", "alert"),
    "warning": ("warning", "Let op", "alert"),
    "success": ("ok", "Gelukt", "status"),
    "info": ("info", "Ter informatie", "status"),
    "debug": ("info", "Ter informatie", "status"),
}


@register.simple_tag
def alert(soort: str, tekst: Any, extra: str = "") -> str:
    """{% alert 'error' 'Het bestand is geweigerd.' %}: an Utrecht alert (utrecht-alert--error/warning/ok/info) with
    its leading word (Fout / Let op / Gelukt / Ter informatie)."""
    modifier, woord, rol = ALERT_SOORTEN.get(soort or "info", ALERT_SOORTEN["info"])
    return format_html(
        '<div class="utrecht-alert utrecht-alert--{} melding {}" role="{}"><div class="utrecht-alert__content">'
        '<p class="utrecht-alert__message"><strong class="melding-soort">{}:</strong> {}</p></div></div>',
        modifier,
        extra,
        rol,
        woord,
        tekst,
    )


@register.simple_tag(takes_context=True)
def navlink(context: template.Context, naam: str, tekst: str, *args: Any) -> str:
    """{% navlink 'toegang:werklijst' 'Werklijst' %}: an item of the main navigation (utrecht-nav-list), marked
    aria-current="page" where the current page lies under it."""
    url = reverse(naam, args=args)
    request = context.get("request")
    pad = getattr(request, "path", "")
    huidig = pad == url or (url != "/" and pad.startswith(url))
    return format_html(
        '<li class="utrecht-nav-list__item">'
        '<a class="utrecht-link utrecht-link--html-a utrecht-nav-list__link" href="{}"{}>{}</a></li>',
        url,
        mark_safe(' aria-current="page"') if huidig else "",
        tekst,
    )


@register.simple_tag(takes_context=True)
def thema(context: template.Context) -> str:
    """The region's token overrides (catalogus.thema) as a stylesheet after the NL Design System theme, for a user
    of a region that supplies one; nothing otherwise. A theme file that cannot be read leaves the default look
    (and is logged): a page never fails on its colours."""
    request = context.get("request")
    gebruiker = getattr(request, "user", None)
    regio = getattr(gebruiker, "regio", None) if gebruiker is not None and gebruiker.is_authenticated else None
    if regio is None:
        return ""
    try:
        gevonden = thema_van(regio.instellingen)
    except ThemaFout as fout:
        logger.warning("thema van regio %s niet gebruikt: %s", regio.code, fout)
        return ""
    if gevonden is None:
        return ""
    return format_html('<link rel="stylesheet" href="{}?v={}">', reverse("thema", args=[regio.code]), gevonden.versie)
