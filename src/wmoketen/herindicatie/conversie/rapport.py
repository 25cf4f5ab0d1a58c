"""The audit report of a conversion: CSV (one row per assignment) and Markdown (counts per municipality,
provider and segment, and the money effect per month)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from wmoketen.contracten import weergave
from wmoketen.core.money import format_euro

from ..models import Conversiestap

KOLOMMEN = [
    "volgnummer",
    "gemeente",
    "aanbieder",
    "segment",
    "toewijzing",
    "product",
    "ingangsdatum",
    "einddatum",
    "reden_wijziging",
    "actie",
    "nieuwe_toewijzing",
    "nieuw_product",
    "nieuwe_ingangsdatum",
    "nieuwe_einddatum",
    "opmerking",
]


def _datum(d: Any) -> str:
    return d.isoformat() if d else ""


def rapport_csv(stappen: Iterable[Conversiestap]) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow(KOLOMMEN)
    for s in stappen:
        t, n = s.toewijzing, s.nieuwe_toewijzing
        schrijver.writerow(
            [
                s.volgnummer,
                s.gemeente_code,
                s.agb_code,
                s.segment_code,
                t.toewijzing_nummer,
                t.product.productcode,
                _datum(t.ingangsdatum),
                _datum(t.einddatum),
                t.reden_wijziging,
                s.actie,
                n.toewijzing_nummer if n else "",
                n.product.productcode if n else "",
                _datum(n.ingangsdatum) if n else "",
                _datum(n.einddatum) if n else "",
                s.opmerking,
            ]
        )
    return uit.getvalue()


_euro = format_euro  # one notation for money everywhere (contracten.weergave)


def rapport_md(samenvatting: dict[str, Any], *, stappen: Iterable[Conversiestap] | None) -> str:
    s = samenvatting
    regels = [
        f"# Conversie {s.get('naam', '')} ({s.get('code', '')})",
        "",
        f"Peildatum {s.get('peildatum')}, geldeffect tot en met {s.get('horizon')}. "
        + ("Uitgevoerd." if stappen is not None else "Proefdraai: er is niets gewijzigd."),
        "",
        f"Toewijzingen in scope: {s.get('totaal', 0)}; "
        + ", ".join(f"{k} {v}" for k, v in (s.get("tellingen") or {}).items()),
        "",
        "## Per gemeente, aanbieder en segment",
        "",
        "| gemeente | aanbieder | segment | beëindigd | aangemaakt | ingekort | ongemoeid | handmatig "
        "| geld vóór | geld na |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    groepen = s.get("groepen", [])
    namen = weergave.partijnamen({g["gemeente"] for g in groepen} | {g["aanbieder"] for g in groepen})
    for g in groepen:
        gemeente, aanbieder = weergave.partij(g["gemeente"], namen), weergave.partij(g["aanbieder"], namen)
        regels.append(
            f"| {gemeente} | {aanbieder} | {g['segment']} | {g['omgezet'] + g['ingekort']} | "
            f"{g['omgezet']} | {g['ingekort']} | {g['ongemoeid']} | {g['handmatig']} | "
            f"{_euro(g['geld_voor_cent'])} | {_euro(g['geld_na_cent'])} |"
        )
    regels += [
        "",
        "## Geldeffect per maand (maximale aanspraak)",
        "",
        "| maand | vóór | na | verschil |",
        "|---|---:|---:|---:|",
    ]
    for maand, voor, na in s.get("per_maand", []):
        regels.append(f"| {maand} | {_euro(voor)} | {_euro(na)} | {_euro(na - voor)} |")
    if stappen is not None:
        handmatig = [st for st in stappen if st.actie == "handmatig"]
        if handmatig:
            regels += ["", "## Handmatig af te handelen", ""]
            regels += [f"- toewijzing {st.toewijzing.toewijzing_nummer}: {st.opmerking}" for st in handmatig]
    return "\n".join(regels) + "\n"
