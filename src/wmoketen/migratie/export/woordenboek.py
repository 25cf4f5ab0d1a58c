"""The data dictionary of an export: per table its file and how it comes back, per column its type, meaning and
codes, in Dutch, derived from the models themselves (verbose names, help texts, choices), so it never lags
behind the schema."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.db import models

from .register import TABELLEN, Tabel


@dataclass(frozen=True)
class Kolomuitleg:
    kolom: str
    type: str
    verplicht: bool
    omschrijving: str
    keuzes: str


def kolommen(tabel: Tabel) -> list[models.Field]:
    """The exported fields of a table in model order: concrete fields (a foreign key as its id), then
    many-to-many fields (the ids, space separated); the fields the register leaves out are not among them."""
    meta = tabel.model._meta
    velden: list[models.Field] = [f for f in meta.concrete_fields if f.name not in tabel.zonder]
    velden += [f for f in meta.many_to_many if f.name not in tabel.zonder]
    return velden


def kolomnaam(veld: models.Field) -> str:
    return veld.attname if veld.concrete else veld.name


def _type(veld: models.Field) -> str:
    if veld.many_to_many:
        return f"lijst van id's uit {_bestand(veld.related_model)}, gescheiden door spaties"
    if veld.is_relation:
        return f"verwijzing naar id in {_bestand(veld.related_model)}"
    if veld.name.endswith("_cent"):
        return "bedrag in eurocent (geheel getal)"
    soorten: list[tuple[type, str]] = [
        (models.BooleanField, "ja/nee"),
        (models.DateTimeField, "tijdstip (ISO 8601, met tijdzone)"),
        (models.DateField, "datum (JJJJ-MM-DD)"),
        (models.TimeField, "tijd (UU:MM:SS)"),
        (models.JSONField, "JSON"),
        (models.BinaryField, "binair"),
        (models.IntegerField, "geheel getal"),
        (models.TextField, "tekst"),
    ]
    if isinstance(veld, models.CharField):
        return f"tekst (hoogstens {veld.max_length} tekens)"
    return next((naam for soort, naam in soorten if isinstance(veld, soort)), "tekst")


def _bestand(model: type[models.Model] | None) -> str:
    assert model is not None
    return f"tabellen/{model._meta.app_label}_{model._meta.model_name}.csv"


def uitleg(tabel: Tabel) -> Iterator[Kolomuitleg]:
    for veld in kolommen(tabel):
        omschrijving = str(veld.verbose_name)
        if veld.help_text:
            omschrijving += f". {veld.help_text}"
        keuzes = (
            "; ".join(f"{code} = {label}" for code, label in veld.flatchoices if code != "") if veld.choices else ""
        )
        yield Kolomuitleg(kolomnaam(veld), _type(veld), not (veld.null or veld.blank), omschrijving, keuzes)
    for naam, (omschrijving, _) in tabel.extra.items():
        yield Kolomuitleg(naam, "tekst", True, omschrijving, "")


def herimport_tekst(tabel: Tabel) -> str:
    if tabel.herimport == "archief":
        return "terug via de berichten (berichten/)"
    if tabel.herimport == "regiobestand":
        return "terug via het regiobestand"
    if tabel.herimport.startswith("sjabloon:"):
        return f"terug via het sjabloon sjablonen/{tabel.herimport.split(':', 1)[1]}.csv"
    return tabel.herimport


def woordenboek_csv(uit: IO[str]) -> None:
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow(["bestand", "tabel", "kolom", "type", "verplicht", "omschrijving", "codes", "herimport"])
    for tabel in TABELLEN:
        for k in uitleg(tabel):
            schrijver.writerow(
                [
                    f"tabellen/{tabel.naam}.csv",
                    str(tabel.model._meta.verbose_name_plural),
                    k.kolom,
                    k.type,
                    "ja" if k.verplicht else "nee",
                    k.omschrijving,
                    k.keuzes,
                    herimport_tekst(tabel),
                ]
            )


def woordenboek_md() -> str:
    regels = [
        "# Gegevenswoordenboek van de export",
        "",
        "Elke tabel is een CSV-bestand (UTF-8, puntkomma, eerste regel de kolomnamen). Een lege cel is 'niet "
        "ingevuld'. Verwijzingen wijzen naar de kolom id van de genoemde tabel.",
        "",
    ]
    for tabel in TABELLEN:
        meta = tabel.model._meta
        regels += [
            f"## {str(meta.verbose_name_plural).capitalize()} (`tabellen/{tabel.naam}.csv`)",
            "",
            f"Terug in wmoketen: {herimport_tekst(tabel)}.",
            "",
            "| kolom | type | omschrijving | codes |",
            "|---|---|---|---|",
        ]
        regels += [f"| {k.kolom} | {k.type} | {k.omschrijving} | {k.keuzes} |" for k in uitleg(tabel)]
        if tabel.zonder:
            regels += ["", "Niet in de export: " + "; ".join(f"{v} ({r})" for v, r in tabel.zonder.items()) + "."]
        regels.append("")
    return "\n".join(regels)
