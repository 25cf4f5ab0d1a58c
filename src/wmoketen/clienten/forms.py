"""Forms for client data; Dutch messages (the services check what cannot be true)."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import SoortRelatie


class Datum(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": "Vul een datum in.", "invalid": "Vul een geldige datum in."})
        super().__init__(*args, **kwargs)


class GegevensForm(forms.Form):
    """Address and contact; the date from which the change holds (a move, a new phone number)."""

    straat = forms.CharField(max_length=100, error_messages={"required": "Vul de straat in."})
    huisnummer = forms.IntegerField(min_value=1, max_value=99999, error_messages={"required": "Vul het huisnummer in."})
    huisnummer_toevoeging = forms.CharField(label="Toevoeging", max_length=10, required=False)
    postcode = forms.RegexField(
        regex=r"^[1-9]\d{3}\s?[A-Za-z]{2}$",
        error_messages={"invalid": "Een postcode is 4 cijfers en 2 letters.", "required": "Vul de postcode in."},
    )
    plaats = forms.CharField(max_length=80, error_messages={"required": "Vul de woonplaats in."})
    telefoon = forms.RegexField(
        regex=r"^[0-9 +()-]{6,20}$", required=False,
        error_messages={"invalid": "Een telefoonnummer bestaat uit cijfers (en eventueel +, spaties of streepjes)."},
    )  # fmt: skip
    email = forms.EmailField(
        label="E-mailadres", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    geldig_van = Datum(label="Geldig vanaf")
    toelichting = forms.CharField(max_length=300, required=False)


class RelatieForm(forms.Form):
    soort = forms.ChoiceField(choices=SoortRelatie.choices, error_messages={"required": "Kies de soort relatie."})
    voorletters = forms.CharField(max_length=20, required=False)
    voorvoegsel = forms.CharField(max_length=10, required=False)
    achternaam = forms.CharField(max_length=100, error_messages={"required": "Vul de achternaam in."})
    telefoon = forms.CharField(max_length=20, required=False)
    email = forms.EmailField(
        label="E-mailadres", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    adres = forms.CharField(max_length=200, required=False)
    contactpersoon = forms.BooleanField(label="Eerste contactpersoon", required=False)
    geldig_van = Datum(label="Vanaf")


class RelatieEindeForm(forms.Form):
    relatie = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1, error_messages={"required": "Kies de relatie."}
    )
    geldig_tot = Datum(label="Tot en met")
