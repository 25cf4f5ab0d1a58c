from django.db import models


class Rol(models.TextChoices):
    CONSULENT = "consulent", "Consulent / regisseur toegang"
    CONTRACTMANAGER = "contractmanager", "Contractmanager"
    BACKOFFICE = "backoffice", "Backoffice declaraties"
    FUNCTIONEEL_BEHEER = "functioneel_beheer", "Functioneel beheer"
    MONITORING = "monitoring", "Monitoring (alleen lezen)"
    AANBIEDER = "aanbieder", "Medewerker aanbieder"


GEMEENTE_ROLLEN = frozenset(
    {Rol.CONSULENT, Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER, Rol.MONITORING}
)
