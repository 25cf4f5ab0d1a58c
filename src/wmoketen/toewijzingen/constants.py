"""Code lists of assignments, start/stop and requests (official iWmo codes, Dutch labels)."""

from __future__ import annotations

from django.db import models


class RedenWijziging(models.TextChoices):
    """WMO002. 01 is no longer allowed since 3.1 (CS336) and therefore left out."""

    CLIENT_OVERLEDEN = "02", "Cliënt overleden"
    CONTRACTWIJZIGING = "03", "Contractwijziging"
    VERLENGING = "04", "Herbeoordeling: verlenging toewijzing"
    VERKORTING = "05", "Herbeoordeling: verkorting toewijzing"
    UITSTROOM = "06", "Uitstroom naar ander domein"
    VERHUIZING = "07", "Verhuizing naar een andere gemeente"
    LEVERINGSVORM = "08", "Wijziging leveringsvorm"
    ANDERE_AANBIEDER = "09", "Overstap naar andere aanbieder"
    BEKOSTIGING = "10", "Overgang naar nieuwe bekostigingssystematiek"
    HERINDELING = "11", "Gemeentelijke herindeling"
    DOOR_AANBIEDER = "12", "Geïnitieerd door de aanbieder"
    VERWIJDERD = "13", "Verwijderd"
    ADMINISTRATIEVE_CORRECTIE = "14", "Administratieve correctie"


class RedenBeeindiging(models.TextChoices):
    """WMO588."""

    OVERLIJDEN = "02", "Overlijden"
    VOLGENS_PLAN = "19", "Levering volgens plan beëindigd"
    TIJDELIJK = "20", "Levering is tijdelijk beëindigd"
    DOOR_CLIENT = "21", "Eenzijdig door cliënt beëindigd"
    DOOR_AANBIEDER = "22", "Eenzijdig door aanbieder beëindigd"
    VOORTIJDIG = "23", "In overeenstemming voortijdig beëindigd"
    VERHUIZING = "31", "Verhuizing naar een andere gemeente"
    DOOR_GEMEENTE = "36", "Geïnitieerd door de gemeente"
    WIJZIGINGSVERZOEK = "37", "In verband met wijzigingsverzoek"
    ANDERE_AANBIEDER = "38", "Overstap naar andere aanbieder"
    UITSTROOM = "39", "Uitstroom naar ander domein"


class BeeindigingsReden(models.TextChoices):
    """Why the municipality ends a provision (issue 16 item 4). Each maps onto the RedenWijziging the 301 carries
    and the RedenBeeindiging the provider is expected to answer with in its 307 (WMO002/WMO588, docs/toegang.md)."""

    OVERLIJDEN = "overlijden", "Overlijden van de cliënt"
    VERHUIZING = "verhuizing", "Verhuizing naar een gemeente buiten de regio"
    VERHUIZING_REGIO = "verhuizing_regio", "Verhuizing naar een andere gemeente in de regio"
    PGB = "pgb", "Overstap naar een persoonsgebonden budget (pgb)"
    EINDE_BEHOEFTE = "einde_behoefte", "Ondersteuning is niet meer nodig"
    WLZ = "wlz", "Over naar de Wet langdurige zorg (Wlz)"


# (RedenWijziging in the 301, RedenBeeindiging expected in the provider's 307)
BEEINDIGING_CODES: dict[str, tuple[str, str]] = {
    BeeindigingsReden.OVERLIJDEN: (RedenWijziging.CLIENT_OVERLEDEN, RedenBeeindiging.OVERLIJDEN),
    BeeindigingsReden.VERHUIZING: (RedenWijziging.VERHUIZING, RedenBeeindiging.VERHUIZING),
    BeeindigingsReden.VERHUIZING_REGIO: (RedenWijziging.VERHUIZING, RedenBeeindiging.VERHUIZING),
    BeeindigingsReden.PGB: (RedenWijziging.LEVERINGSVORM, RedenBeeindiging.DOOR_GEMEENTE),
    BeeindigingsReden.EINDE_BEHOEFTE: (RedenWijziging.VERKORTING, RedenBeeindiging.DOOR_GEMEENTE),
    BeeindigingsReden.WLZ: (RedenWijziging.UITSTROOM, RedenBeeindiging.UITSTROOM),
}

# What the letter to the client says (none on death: the provision ends with the person).
BEEINDIGING_UITLEG: dict[str, str] = {
    BeeindigingsReden.VERHUIZING: (
        "U verhuist naar een andere gemeente. Die gemeente is vanaf uw verhuizing verantwoordelijk voor uw "
        "ondersteuning; meld u daar als u ondersteuning nodig heeft."
    ),
    BeeindigingsReden.VERHUIZING_REGIO: "U verhuist naar een andere gemeente in onze regio.",
    BeeindigingsReden.PGB: (
        "U heeft gekozen voor een persoonsgebonden budget. De ondersteuning in natura stopt daarom; het pgb staat in "
        "een aparte beschikking."
    ),
    BeeindigingsReden.EINDE_BEHOEFTE: "Uit ons gesprek met u blijkt dat u deze ondersteuning niet meer nodig heeft.",
    BeeindigingsReden.WLZ: (
        "U krijgt zorg uit de Wet langdurige zorg (Wlz). Die zorg gaat voor op de Wmo; de Wmo-ondersteuning stopt "
        "daarom."
    ),
}


class VerzoekSoort(models.TextChoices):
    VOT = "315", "Verzoek om toewijzing"
    VOW = "317", "Verzoek om wijziging"


class RegelSoort(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", "Aangevraagd product"
    ONGEWIJZIGD = "ongewijzigd", "Ongewijzigd product"
    TE_WIJZIGEN = "te_wijzigen", "Te wijzigen product"
    NIEUW = "nieuw", "Nieuw product"


class VerzoekStatus(models.TextChoices):
    OPEN = "open", "Open"
    TOEGEKEND = "toegekend", "Toegekend"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    IN_ONDERZOEK = "in_onderzoek", "In onderzoek"


class RedenVerzoek(models.TextChoices):
    """WJ758."""

    CLIENTSITUATIE = "1", "Verandering cliëntsituatie"
    ZORGPLAN = "2", "Wijziging zorgplan"


class VerzoekAntwoord(models.TextChoices):
    """WJ760."""

    AFGEWEZEN = "1", "Verzoek afgewezen"
    IN_ONDERZOEK = "2", "Aanvraag in onderzoek"


class RedenAfwijzing(models.TextChoices):
    """WJ759 (8 Woonplaatsbeginsel is an iJw concept and left out)."""

    NIEUWE_AANVRAAG = "1", "Geen wijziging maar nieuwe aanvraag"
    BUDGET = "2", "Past niet binnen budget"
    GEEN_CONTRACT = "3", "Geen contract"
    NIET_IN_CONTRACT = "4", "Past niet binnen contract"
    ANDERE_GEMEENTE = "5", "Andere gemeente"
    STAPELING = "6", "Stapeling"
    ZORGINHOUDELIJK = "7", "Zorginhoudelijke afkeur"
    LEEFTIJDSGRENS = "9", "Leeftijdsgrens is bereikt"


HULPMIDDELEN_CATEGORIEEN = frozenset({"11", "12", "13", "14"})  # may overlap (TR302, TR386, TR410)
ANTWOORD_TERMIJN_WERKDAGEN = 5  # OP274 / OP346
START_STOP_TERMIJN_WERKDAGEN = 5  # OP271 / OP272
