"""One formatter per kind of value, so the same value reads the same on every page, in letters and in exports
(issue 19 item 3). Templates reach these through the `wmoketen` template library (web/templatetags); letters
(PDF), reports and CSV exports import them directly.

- money: integer eurocents -> `€ 1.234,56` (`euro`), with its period `€ 510,00 per maand` (`bedrag_per`);
- volumes in their unit (iWmo WJ756): minutes as hours and minutes, hours, days (etmalen), day parts, pieces,
  euros (the volume of unit 83 is cents); with the frequency (WMO757): `3 uur per week` (`omvang`);
- gemeenten and providers by name, with the code where a professional needs it: `Weert (0988)`,
  `Zorg BV (AGB 99020001)`; a bare code from a message header is looked up (`partij`).

This module lives in `contracten` because that is the lowest context that knows both gemeenten and providers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from wmoketen.catalogus.constants import Eenheid, Frequentie
from wmoketen.catalogus.models import Gemeente
from wmoketen.core.money import format_euro

from .models import Aanbieder

euro = format_euro

_ENKELVOUD_MEERVOUD = {
    Eenheid.UUR: ("uur", "uur"),
    Eenheid.ETMAAL: ("etmaal", "etmalen"),
    Eenheid.DAGDEEL: ("dagdeel", "dagdelen"),
    Eenheid.STUKS_OUTPUT: ("stuk", "stuks"),
    Eenheid.STUKS_INSPANNING: ("stuk", "stuks"),
}

_PER = {
    Frequentie.PER_DAG: "per dag",
    Frequentie.PER_WEEK: "per week",
    Frequentie.PER_MAAND: "per maand",
    Frequentie.TOTAAL: "in totaal binnen de geldigheidsduur",
}


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if abs(n) == 1 else meervoud}"


def minuten(n: int) -> str:
    """90 -> '1 uur en 30 minuten', 45 -> '45 minuten', 120 -> '2 uur'."""
    uren, rest = divmod(abs(n), 60)
    teken = "-" if n < 0 else ""
    delen = [f"{uren} uur"] if uren else []
    if rest or not uren:
        delen.append(_aantal(rest, "minuut", "minuten"))
    return teken + " en ".join(delen)


def volume(waarde: int | None, eenheid: str | None) -> str:
    """A volume in its unit (iWmo WJ756): (90, '01') -> '1 uur en 30 minuten', (3, '04') -> '3 uur',
    (27429, '83') -> '€ 274,29' (the volume of unit euro is in cents), (5, '14') -> '5 etmalen'."""
    if waarde is None:
        return "–"
    if eenheid == Eenheid.EUROS:
        return format_euro(int(waarde))
    if eenheid == Eenheid.MINUUT:
        return minuten(int(waarde))
    if eenheid in _ENKELVOUD_MEERVOUD:
        return _aantal(int(waarde), *_ENKELVOUD_MEERVOUD[Eenheid(eenheid)])
    return f"{waarde} (eenheid onbekend)" if eenheid else str(waarde)


def volume_invoer(waarde: int, eenheid: str | None) -> str:
    """A volume as a form field shows it: euros with a decimal point for unit 83 (27429 -> '274.29'; the field is
    an <input type=number step=0.01>), whole numbers otherwise."""
    if eenheid == Eenheid.EUROS:
        return f"{'-' if waarde < 0 else ''}{abs(waarde) // 100}.{abs(waarde) % 100:02d}"
    return str(waarde)


def volume_uit_invoer(tekst: str, eenheid: str | None, standaard: int) -> int:
    """What a provider typed into a volume field: euros for unit 83 ('274.29' or '274,29' -> 27429 cents), a whole
    number otherwise; never below 0; unreadable input keeps `standaard` (the proposal)."""
    try:
        if eenheid == Eenheid.EUROS:
            return max(0, int((Decimal(tekst.strip().replace(",", ".")) * 100).to_integral_value()))
        return max(0, int(tekst))
    except (ValueError, InvalidOperation):
        return standaard


def eenheid(code: str | None) -> str:
    """The unit by name: '04' -> 'uur', '83' -> "euro's"."""
    if not code:
        return "–"
    try:
        return str(Eenheid(code).label).lower()
    except ValueError:
        return f"onbekende eenheid {code}"


def frequentie(code: str | None) -> str:
    """'2' -> 'per week', '6' -> 'in totaal binnen de geldigheidsduur'; '' -> ''."""
    if not code:
        return ""
    try:
        return _PER[Frequentie(code)]
    except ValueError:
        return f"onbekende frequentie {code}"


def omvang(waarde: int | None, eenheid_code: str | None, frequentie_code: str | None = None) -> str:
    """A volume with its frequency: '3 uur per week', '€ 510,00 per maand', '1 uur en 30 minuten per dag'."""
    if waarde is None:
        return "–"
    return f"{volume(waarde, eenheid_code)} {frequentie(frequentie_code)}".strip()


def toegewezen_omvang(t: Any) -> str:
    """The granted extent of an assignment or a requested product (anything with budget_cent, volume, eenheid
    and frequentie): 'budget € 1.200,00', '€ 950,00 in totaal binnen de geldigheidsduur', '3 uur per week'."""
    if getattr(t, "budget_cent", None):
        return f"budget {format_euro(t.budget_cent)}"
    return omvang(getattr(t, "volume", None), getattr(t, "eenheid", ""), getattr(t, "frequentie", ""))


def bedrag_per(cents: int | None, per: str) -> str:
    """An amount with its period, the period as words: (51000, 'maand') -> '€ 510,00 per maand'."""
    if cents is None:
        return "–"
    per = per.strip().lower().removeprefix("per ")
    return f"{format_euro(cents)} per {per}" if per else format_euro(cents)


class _Gemeente(Protocol):
    naam: str
    cbs_code: str


class _Aanbieder(Protocol):
    naam: str
    agb_code: str


def gemeente(g: _Gemeente | None, *, met_code: bool = False) -> str:
    """'Weert', or 'Weert (0988)' where the code matters (messages, exports for the chain)."""
    if g is None:
        return "–"
    return f"{g.naam} ({g.cbs_code})" if met_code else g.naam


def aanbieder(a: _Aanbieder | None, *, met_code: bool = False) -> str:
    """'Zorg BV', or 'Zorg BV (AGB 99020001)' where the code matters."""
    if a is None:
        return "–"
    return f"{a.naam} (AGB {a.agb_code})" if met_code else a.naam


def partijnamen(codes: set[str]) -> dict[str, str]:
    """Names for CBS codes (4 digits) and AGB codes (8 digits) from a message header, in two queries."""
    namen = {c: n for c, n in Gemeente.objects.filter(cbs_code__in=codes).values_list("cbs_code", "naam")}
    namen.update(Aanbieder.objects.filter(agb_code__in=codes).values_list("agb_code", "naam"))
    return namen


def partij(code: str, namen: dict[str, str] | None = None) -> str:
    """A CBS or AGB code from a message header by name with its code: '0988' -> 'Weert (0988)',
    '99020001' -> 'Zorg BV (AGB 99020001)'; an unknown code says so."""
    if not code:
        return "–"
    namen = partijnamen({code}) if namen is None else namen
    naam = namen.get(code)
    if len(code) == 4:
        return f"{naam} ({code})" if naam else f"onbekende gemeente (CBS {code})"
    return f"{naam} (AGB {code})" if naam else f"onbekende partij (AGB {code})"
