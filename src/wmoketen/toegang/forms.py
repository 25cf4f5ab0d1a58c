"""Forms of access (toegang): Dutch labels and messages; the services do the domain checks."""

from __future__ import annotations

from typing import Any

from django import forms

from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.bsn import BsnFout, normaliseer_bsn
from wmoketen.core.velden import MeerdereKeuzes

from .constants import (
    INDICATIETERMIJNEN_MAANDEN,
    Afwijzingsgrond,
    BezwaarUitkomst,
    BriefSoort,
    Categorie,
    Criterium,
    Intensiteit,
    Perspectief,
    Reden,
    Score,
    Verstrekkingsvorm,
    Vervoer,
)
from .instellingen import ToegangInstellingen


class Datum(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": "Vul een datum in.", "invalid": "Vul een geldige datum in."})
        super().__init__(*args, **kwargs)


class Basisformulier(forms.Form):
    """Django's own messages are Dutch (LANGUAGE_CODE = "nl"); fields add domain messages where useful."""


class MeldingForm(Basisformulier):
    bsn = forms.CharField(label="BSN", max_length=11)
    geboortedatum = Datum(label="Geboortedatum")
    voorletters = forms.CharField(max_length=20, required=False)
    voorvoegsel = forms.CharField(max_length=10, required=False)
    achternaam = forms.CharField(max_length=100)
    straat = forms.CharField(max_length=100)
    huisnummer = forms.IntegerField(min_value=1)
    huisnummer_toevoeging = forms.CharField(label="Toevoeging", max_length=10, required=False)
    postcode = forms.RegexField(
        regex=r"^\d{4}\s?[A-Za-z]{2}$", error_messages={"invalid": "Een postcode is 4 cijfers en 2 letters."}
    )
    plaats = forms.CharField(max_length=80)
    gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.none(), empty_label=None)
    melddatum = Datum(label="Datum melding")
    omschrijving = forms.CharField(label="Hulpvraag", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, gebruiker: Gebruiker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gebruiker.gemeenten.order_by("naam")  # type: ignore[attr-defined]

    def clean_bsn(self) -> str:
        try:
            return normaliseer_bsn(self.cleaned_data["bsn"])
        except BsnFout as fout:
            raise forms.ValidationError(str(fout)) from fout


class HuisbezoekForm(Basisformulier):
    afspraak_op = Datum(label="Afspraak gemaakt op")
    huisbezoek_datum = Datum(label="Datum huisbezoek")


class VerslagForm(Basisformulier):
    gespreksdatum = Datum(label="Datum gesprek")
    aanwezigen = forms.CharField(label="Aanwezig (cliënt en netwerk)", max_length=300, required=False)
    bevindingen = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


TERMIJN_KEUZES = [(str(m), tekst) for m, tekst in INDICATIETERMIJNEN_MAANDEN] + [("anders", "Anders")]


class PlanForm(Basisformulier):
    reden = forms.ChoiceField(choices=Reden.choices, widget=forms.RadioSelect)
    verstrekkingsvorm = forms.ChoiceField(choices=Verstrekkingsvorm.choices, widget=forms.RadioSelect)
    aanbieder = forms.ModelChoiceField(label="Aanbieder (keuze cliënt)", queryset=Aanbieder.objects.none())
    perspectief = forms.ChoiceField(label="Verwacht verloop", choices=Perspectief.choices)
    termijn = forms.ChoiceField(label="Indicatietermijn", choices=TERMIJN_KEUZES)
    termijn_anders = forms.IntegerField(label="Andere termijn (maanden)", min_value=1, max_value=120, required=False)
    score_veiligheid = forms.ChoiceField(label=Criterium.VEILIGHEID.label, choices=Score.choices)
    score_balans = forms.ChoiceField(label=Criterium.BALANS.label, choices=Score.choices)
    score_afstand = forms.ChoiceField(label=Criterium.AFSTAND.label, choices=Score.choices)
    score_zelfredzaamheid = forms.ChoiceField(label=Criterium.ZELFREDZAAMHEID.label, choices=Score.choices)
    score_medewerking = forms.ChoiceField(label=Criterium.MEDEWERKING.label, choices=Score.choices)
    oordeel_categorie = forms.ChoiceField(
        label="Oordeel regisseur: categorie",
        choices=[("", "Volgens het instrument"), *Categorie.choices],
        required=False,
    )
    oordeel_intensiteit = forms.ChoiceField(
        label="Oordeel regisseur: intensiteit",
        choices=[("", "Volgens het instrument"), *Intensiteit.choices],
        required=False,
    )
    motivatie_afwijking = forms.CharField(
        label="Motivatie bij afwijking", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    motivatie_product = forms.CharField(
        label="Motivatie als het profiel van een product afwijkt van het oordeel",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    producten = MeerdereKeuzes(
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies ten minste één product."},
    )
    vervoer = forms.ChoiceField(choices=Vervoer.choices, required=False)
    kortdurend_verblijf_etmalen = forms.IntegerField(
        label="Kortdurend verblijf (etmalen per 4 weken)", min_value=1, max_value=28, required=False
    )
    toelichting = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, aanbieders: Any, producten: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aanbieder"].queryset = aanbieders  # type: ignore[attr-defined]
        self.fields["producten"].queryset = producten  # type: ignore[attr-defined]
        self.fields["producten"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.productcode} {p.naam} — {p.perceel.segment.code}/{p.perceel.code}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("termijn") == "anders":
            if not data.get("termijn_anders"):
                self.add_error("termijn_anders", "Vul de andere termijn in maanden in.")
            else:
                data["termijn_maanden"] = data["termijn_anders"]
        elif data.get("termijn"):
            data["termijn_maanden"] = int(data["termijn"])
        return data

    def scores(self) -> dict[str, str]:
        return {c.value: self.cleaned_data[f"score_{c.value}"] for c in Criterium}

    @classmethod
    def initial_van(cls, plan: Any) -> dict[str, Any]:
        if plan is None:
            return {"reden": Reden.NIEUWE_CLIENT, "verstrekkingsvorm": Verstrekkingsvorm.ZIN, "termijn": "12"}
        termijnen = {m for m, _ in INDICATIETERMIJNEN_MAANDEN}
        return {
            "reden": plan.reden,
            "verstrekkingsvorm": plan.verstrekkingsvorm,
            "aanbieder": plan.aanbieder_id,
            "perspectief": plan.perspectief,
            "termijn": str(plan.termijn_maanden) if plan.termijn_maanden in termijnen else "anders",
            "termijn_anders": None if plan.termijn_maanden in termijnen else plan.termijn_maanden,
            **{f"score_{k}": v for k, v in plan.scores().items()},
            "oordeel_categorie": plan.oordeel_categorie if plan.wijkt_af else "",
            "oordeel_intensiteit": plan.oordeel_intensiteit if plan.wijkt_af else "",
            "motivatie_afwijking": plan.motivatie_afwijking,
            "motivatie_product": plan.motivatie_product,
            "producten": [pp.product_id for pp in plan.producten.all()],
            "vervoer": plan.vervoer,
            "kortdurend_verblijf_etmalen": plan.kortdurend_verblijf_etmalen,
            "toelichting": plan.toelichting,
        }


class VersturenForm(Basisformulier):
    ondertekend_client_op = Datum(label="Ondertekend door cliënt op")
    ondertekend_gemeente_op = Datum(label="Ondertekend door gemeente op")
    toestemming_aanbieder = forms.BooleanField(
        label="De cliënt geeft schriftelijk toestemming om de gekozen aanbieder te benaderen", required=False
    )
    verzonden_op = Datum(label="Verstuurd naar aanbieder op")


class AkkoordForm(Basisformulier):
    verslag_ondertekend_op = Datum(label="Onderzoeksverslag ondertekend door cliënt op (datum aanvraag)")


class BeschikkingForm(Basisformulier):
    besluitdatum = Datum(label="Datum besluit")
    ingangsdatum = Datum(label="Ingangsdatum")
    toelichting = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VierOgenForm(Basisformulier):
    """Approve or withdraw a proposed beschikking (four eyes): the consultant confirms explicitly."""

    bevestigd = forms.BooleanField(
        label="Ik heb het voorstel, het plan en de geraamde kosten beoordeeld",
        error_messages={"required": "Bevestig dat u het voorstel hebt beoordeeld."},
    )


class BrievenbundelForm(Basisformulier):
    """The period (and kind) of a letter batch for the post room."""

    van = Datum(label="Dagtekening vanaf")
    tot = Datum(label="Dagtekening tot en met")
    soort = forms.ChoiceField(label="Soort brief", required=False, choices=[("", "Alle soorten"), *BriefSoort.choices])


DEEL2_REGELS = 3


class Deel2Form(Basisformulier):
    toelichting = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    ondertekend_client_op = Datum(label="Ondertekend door cliënt op")
    ondertekend_aanbieder_op = Datum(label="Ondertekend door aanbieder op")

    def __init__(self, *args: Any, instellingen: ToegangInstellingen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzes = [("", "—")] + [
            (r.code, f"{r.code} · {r.omschrijving} ({r.leefgebied})") for r in instellingen.resultatenmatrix
        ]
        for i in range(1, DEEL2_REGELS + 1):
            self.fields[f"resultaat_{i}"] = forms.ChoiceField(
                label=f"Beoogd resultaat {i}", choices=keuzes, required=i == 1
            )
            self.fields[f"activiteiten_{i}"] = forms.CharField(
                label=f"Activiteiten {i}", widget=forms.Textarea(attrs={"rows": 2}), required=i == 1
            )
            self.fields[f"frequentie_{i}"] = forms.CharField(label=f"Frequentie {i}", max_length=100, required=i == 1)
        self.order_fields(
            [f for i in range(1, DEEL2_REGELS + 1) for f in (f"resultaat_{i}", f"activiteiten_{i}", f"frequentie_{i}")]
        )

    def regels(self) -> list[tuple[str, str, str]]:
        out = []
        for i in range(1, DEEL2_REGELS + 1):
            code = self.cleaned_data.get(f"resultaat_{i}")
            if code:
                out.append(
                    (code, self.cleaned_data.get(f"activiteiten_{i}", ""), self.cleaned_data.get(f"frequentie_{i}", ""))
                )
        return out


class Tekst(forms.CharField):
    """A text the letter quotes: required unless said otherwise, at most 4000 characters."""

    def __init__(self, *args: Any, rijen: int = 4, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 4000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rijen}))
        kwargs.setdefault("error_messages", {"required": "Vul deze tekst in; hij staat in de brief."})
        super().__init__(*args, **kwargs)


class AanvraagForm(Basisformulier):
    verslag_ondertekend_op = Datum(label="Onderzoeksverslag ondertekend door cliënt op (datum aanvraag)")


class AfwijzingForm(Basisformulier):
    besluitdatum = Datum(label="Datum besluit")
    grondslag = forms.ChoiceField(
        label="Grondslag", choices=Afwijzingsgrond.choices, error_messages={"required": "Kies de grondslag."}
    )
    redenen = Tekst(label="Waarom wordt de aanvraag afgewezen?", rijen=6)


class BuitenBehandelingForm(Basisformulier):
    hersteltermijn_tot = Datum(label="De cliënt kon de aanvraag aanvullen tot en met")
    besluitdatum = Datum(label="Datum besluit")
    ontbrekend = Tekst(label="Welke gegevens ontbreken?")


class IntrekkingForm(Basisformulier):
    ingetrokken_op = Datum(label="Ingetrokken op")
    toelichting = Tekst(label="Toelichting (staat in de brief)", required=False, rijen=3)


class AlgemeneVoorzieningForm(Basisformulier):
    afgesloten_op = Datum(label="Afgesloten op")
    voorziening = forms.CharField(
        label="Algemene voorziening", max_length=200, error_messages={"required": "Vul de algemene voorziening in."}
    )
    toelichting = Tekst(label="Toelichting (staat in de brief)", required=False, rijen=3)


class BezwaarForm(Basisformulier):
    ontvangen_op = Datum(label="Bezwaarschrift ontvangen op")
    ter_post_op = Datum(label="Poststempel (alleen als het na de termijn binnenkwam)", required=False)
    gronden = Tekst(label="Gronden van het bezwaar", required=False)
    adviescommissie = forms.BooleanField(
        label="Een onafhankelijke adviescommissie hoort de cliënt (Awb art. 7:13: beslistermijn twaalf weken)",
        required=False,
    )
    verschoonbaar = forms.BooleanField(label="Te laat ingediend, maar verschoonbaar (Awb art. 6:11)", required=False)


class VerdagingForm(Basisformulier):
    verdaagd_tot = Datum(label="Verdagen tot (hoogstens zes weken, Awb art. 7:10 lid 3)", required=False)
    uitgesteld_tot = Datum(label="Verder uitstellen tot (met instemming, Awb art. 7:10 lid 4)", required=False)
    reden = forms.CharField(label="Reden van verder uitstel", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("verdaagd_tot") and not data.get("uitgesteld_tot") and not self.errors:
            raise forms.ValidationError("Vul een datum in tot wanneer de beslissing wordt verdaagd of uitgesteld.")
        return data


class BezwaarBeslissingForm(Basisformulier):
    uitkomst = forms.ChoiceField(choices=BezwaarUitkomst.choices, error_messages={"required": "Kies de uitkomst."})
    beslist_op = Datum(label="Beslist op")
    toelichting = Tekst(label="Motivering (staat in de brief)", required=False)


class BeroepForm(Basisformulier):
    ingesteld_op = Datum(label="Beroep ingesteld op")
    uitkomst = forms.ChoiceField(
        label="Uitspraak", choices=[("", "Nog geen uitspraak"), *BezwaarUitkomst.choices], required=False
    )
    uitspraak_op = Datum(label="Datum uitspraak", required=False)
