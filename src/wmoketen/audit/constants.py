from django.db import models


class Actie(models.TextChoices):
    INZIEN = "inzien", "Inzien"
    AANMAKEN = "aanmaken", "Aanmaken"
    WIJZIGEN = "wijzigen", "Wijzigen"
    VERWIJDEREN = "verwijderen", "Verwijderen"
    EXPORTEREN = "exporteren", "Exporteren"
    BERICHT_VERZONDEN = "bericht_verzonden", "Bericht verzonden"
    BERICHT_ONTVANGEN = "bericht_ontvangen", "Bericht ontvangen"


class Verwerkingsactiviteit(models.TextChoices):
    """Processing activities from the register of processing activities (AVG art. 30)."""

    TOEGANG = "toegang", "Onderzoek en besluit maatwerkvoorziening Wmo"
    TOEWIJZING = "toewijzing", "Toewijzen en leveren van ondersteuning"
    DECLARATIE = "declaratie", "Declareren en betalen"
    CONTRACTMANAGEMENT = "contractmanagement", "Contractmanagement en verantwoording"
    BEHEER = "beheer", "Functioneel beheer"


class Resultaat(models.TextChoices):
    GELUKT = "gelukt", "Gelukt"
    GEWEIGERD = "geweigerd", "Geweigerd"
    BUITEN_BEREIK = "buiten_bereik", "Buiten bereik (niet gevonden)"
