"""The form to end a client's provisions; Dutch messages, the service does the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from wmoketen.core.velden import MeerdereKeuzes
from wmoketen.toegang.forms import Datum, Tekst

from .constants import BeeindigingsReden
from .models import OnderbrekingReden


class BeeindigenForm(forms.Form):
    reden = forms.ChoiceField(
        choices=BeeindigingsReden.choices, widget=forms.RadioSelect, error_messages={"required": "Kies de reden."}
    )
    per = Datum(label="Laatste dag van de ondersteuning (bij overlijden: de datum van overlijden)")
    toewijzingen: forms.ModelMultipleChoiceField = MeerdereKeuzes(
        label="Te beëindigen voorzieningen",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies ten minste één voorziening."},
    )
    nieuwe_gemeente: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Nieuwe gemeente (bij een verhuizing binnen de regio)", queryset=None, required=False
    )
    akkoord_aanbieder = forms.BooleanField(
        label="De aanbieder is akkoord met een einddatum in het verleden (OP186)", required=False
    )
    toelichting = Tekst(label="Toelichting (staat in de brief)", required=False, rijen=3)

    def __init__(self, *args: Any, toewijzingen: Any, gemeenten: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["toewijzingen"].queryset = toewijzingen  # type: ignore[attr-defined]
        self.fields["toewijzingen"].label_from_instance = (  # type: ignore[attr-defined]
            lambda t: f"{t.toewijzing_nummer} · {t.product.productcode} {t.product.naam} · {t.aanbieder.naam}"
        )
        self.fields["nieuwe_gemeente"].queryset = gemeenten  # type: ignore[attr-defined]


class WisselForm(forms.Form):
    """A switch of provider for the same need (toewijzingen.wissel.aanbieder_wisselen)."""

    nieuwe_aanbieder: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Nieuwe aanbieder", queryset=None, error_messages={"required": "Kies de nieuwe aanbieder."}
    )
    per = Datum(label="Eerste dag bij de nieuwe aanbieder")

    def __init__(self, *args: Any, aanbieders: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "wissel")
        super().__init__(*args, **kwargs)
        self.fields["nieuwe_aanbieder"].queryset = aanbieders  # type: ignore[attr-defined]


class OnderbrekingForm(forms.Form):
    """An interruption of the care (toewijzingen.wissel.onderbreking_vastleggen)."""

    van = Datum(label="Onderbroken vanaf")
    tot = Datum(label="Tot en met")
    reden = forms.ChoiceField(
        label="Reden", choices=OnderbrekingReden.choices, error_messages={"required": "Kies de reden."}
    )
    toelichting = forms.CharField(label="Toelichting", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "onderbreking")
        super().__init__(*args, **kwargs)
