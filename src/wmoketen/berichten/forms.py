"""Portal forms (Dutch labels)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from wmoketen.toewijzingen.constants import RedenAfwijzing, RedenBeeindiging, RedenVerzoek

DATUM = forms.DateInput(attrs={"type": "date"})


def niet_in_de_toekomst(datum: date, wat: str) -> date:
    """A start or stop is reported once it happened: its date is not after the Dagtekening (TR134)."""
    if datum > timezone.localdate():
        raise forms.ValidationError(f"De {wat} ligt in de toekomst: meld het pas als het gebeurd is.")
    return datum


class StartForm(forms.Form):
    begindatum = forms.DateField(label="Werkelijke begindatum", widget=DATUM)

    def clean_begindatum(self) -> date:
        return niet_in_de_toekomst(self.cleaned_data["begindatum"], "begindatum")


class StopForm(forms.Form):
    reden_beeindiging = forms.ChoiceField(label="Reden beëindiging", choices=RedenBeeindiging.choices)
    einddatum = forms.DateField(label="Einddatum", widget=DATUM)

    def clean_einddatum(self) -> date:
        return niet_in_de_toekomst(self.cleaned_data["einddatum"], "einddatum")


class VotForm(forms.Form):
    bsn = forms.CharField(label="BSN van de cliënt", max_length=9)
    # the BSN is unique per gemeente (a dossier per gemeente): the 315 goes to one gemeente, about its client
    gemeente = forms.ChoiceField(label="Gemeente van de cliënt")
    product = forms.ChoiceField(label="Product")
    ingangsdatum = forms.DateField(label="Gewenste ingangsdatum", widget=DATUM)
    einddatum = forms.DateField(label="Einddatum", widget=DATUM, required=False)
    volume = forms.IntegerField(label="Volume", min_value=0, required=False)
    referentie_aanbieder = forms.CharField(label="Eigen referentie", max_length=36)

    def __init__(
        self, *args: object, producten: list[tuple[str, str]], gemeenten: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["product"].choices = producten  # type: ignore[attr-defined]
        self.fields["gemeente"].choices = gemeenten  # type: ignore[attr-defined]


class VowForm(forms.Form):
    referentie_aanbieder = forms.CharField(label="Eigen referentie", max_length=36)
    reden_verzoek = forms.ChoiceField(label="Reden verzoek", choices=RedenVerzoek.choices)
    gewenste_ingangsdatum = forms.DateField(label="Gewenste ingangsdatum", widget=DATUM)
    einddatum = forms.DateField(label="Nieuwe einddatum", widget=DATUM, required=False)
    volume = forms.IntegerField(label="Nieuw volume", min_value=0, required=False)


class AntwoordForm(forms.Form):
    besluit = forms.ChoiceField(
        choices=[
            ("toekennen", "Toekennen (301)"),
            ("afwijzen", "Afwijzen (319)"),
            ("in_onderzoek", "In onderzoek (319)"),
        ],
        widget=forms.Select(attrs={"aria-label": "Besluit"}),
    )
    reden_afwijzing = forms.ChoiceField(
        label="Reden afwijzing",
        choices=[("", "–"), *RedenAfwijzing.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "Reden afwijzing"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("besluit") == "afwijzen" and not data.get("reden_afwijzing"):
            raise forms.ValidationError("Kies een reden bij afwijzen.")
        return data
