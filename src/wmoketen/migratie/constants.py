"""Code lists of imports and exports (stable identifiers as values, Dutch labels)."""

from __future__ import annotations

from django.db import models


class Soort(models.TextChoices):
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"


class Status(models.TextChoices):
    WACHT = "wacht", "Wacht op uitvoering"
    BEZIG = "bezig", "Bezig"
    ONDERBROKEN = "onderbroken", "Onderbroken (hervatbaar)"
    KLAAR = "klaar", "Klaar"
    MISLUKT = "mislukt", "Mislukt"


class Fase(models.IntegerChoices):
    """The order in which an import works: assignments before what refers to them; templates last."""

    TOEWIJZINGEN = 10, "Toewijzingen (301)"
    VERZOEKEN = 20, "Verzoeken (315, 317, 319)"
    REGIE = 30, "Start en stop (305, 307)"
    DECLARATIES = 40, "Declaraties (323 met 325)"
    RETOUREN = 50, "Losse retourberichten"
    CLIENTEN = 60, "Sjabloon cliënten"
    SJABLONEN = 70, "Overige sjablonen"
    NIET_IMPORTEERBAAR = 90, "Niet importeerbaar"


class Uitkomst(models.TextChoices):
    OPEN = "open", "Nog niet verwerkt"
    NIEUW = "nieuw", "Overgenomen"
    AANWEZIG = "aanwezig", "Al aanwezig (niets gewijzigd)"
    BIJGEWERKT = "bijgewerkt", "Bestond al, bijgewerkt"
    ARCHIEF = "archief", "Alleen bewaard (het vorige systeem wees het af)"
    GEWEIGERD = "geweigerd", "Geweigerd"
    MET_HEEN = "met_heen", "Verwerkt met het heenbericht"
