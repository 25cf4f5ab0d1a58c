"""Code lists of the exchange (inbox/outbox). Values are stable identifiers, labels Dutch."""

from __future__ import annotations

from django.db import models

from .codec import BerichtSoort

HEEN_SOORTEN = frozenset({"301", "305", "307", "315", "317", "319", "323"})
RETOUR_VAN: dict[str, str] = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}
HEEN_VAN: dict[str, str] = {retour: heen for heen, retour in RETOUR_VAN.items()}
GEMEENTE_IS_AFZENDER = frozenset({"301", "302", "319", "320", "325"})  # header not swapped in retours (IV028)
RETOUR_TERMIJN_WERKDAGEN = 3  # OP090
ANTWOORD_TERMIJN_WERKDAGEN = 5  # OP274 / OP346: a 315 per product, a 317 as a whole
START_STOP_TERMIJN_WERKDAGEN = 5  # OP271 / OP272
XSLT_VERSIE = "1.0.0"  # version of our level-2 rule set, sent with retourcode 0001 (IV028)


class Richting(models.TextChoices):
    IN = "in", "Ontvangen"
    UIT = "uit", "Verzonden"


class Status(models.TextChoices):
    VERZONDEN = "verzonden", "Verzonden, wacht op retour"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    DEELS = "deels", "Deels goedgekeurd"  # a 323 whose 325 rejects some prestaties, not all
    AFGEKEURD = "afgekeurd", "Afgekeurd"
    ONTVANGEN = "ontvangen", "Ontvangen"
    GEBLOKKEERD = "geblokkeerd", "Geblokkeerd: niet verzonden, voldoet niet aan de officiële validatie"


class Kanaal(models.TextChoices):
    BESTAND = "bestand", "Bestandsuitwisseling (map)"
    HTTP = "http", "HTTP-upload"
    PORTAAL = "portaal", "Portaal"
    SYSTEEM = "systeem", "Systeem"
    ARCHIEF = "archief", "Overgenomen uit het archief van het vorige systeem"


SOORT_CHOICES = [(s.value, f"{s.label}") for s in BerichtSoort]

SOORT_NAMEN: dict[str, str] = {
    "301": "Toewijzing",
    "302": "Toewijzing retour",
    "305": "Start ondersteuning",
    "306": "Start retour",
    "307": "Stop ondersteuning",
    "308": "Stop retour",
    "315": "Verzoek om toewijzing",
    "316": "Verzoek om toewijzing retour",
    "317": "Verzoek om wijziging",
    "318": "Verzoek om wijziging retour",
    "319": "Antwoordbericht",
    "320": "Antwoordbericht retour",
    "323": "Declaratie",
    "325": "Declaratie-antwoord",
}
