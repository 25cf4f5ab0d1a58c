from django.db import models


class SoortOvereenkomst(models.TextChoices):
    RAAMOVEREENKOMST = "raamovereenkomst", "Raamovereenkomst"
    NADERE_OVEREENKOMST = "nadere_overeenkomst", "Nadere overeenkomst"
    BASISOVEREENKOMST = "basisovereenkomst", "Basisovereenkomst"
    UITVOERINGSOVEREENKOMST = "uitvoeringsovereenkomst", "Uitvoeringsovereenkomst"


class Procedure(models.TextChoices):
    OPEN_HOUSE = "open_house", "Open house"
    AANBESTEDING = "aanbesteding", "Aanbesteding"
    SUBSIDIE = "subsidie", "Subsidie"
