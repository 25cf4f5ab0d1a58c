"""What can be on a user's task list (issue 16 item 7), in the order the list shows them."""

from __future__ import annotations

from django.db import models


class Soort(models.TextChoices):
    TERMIJN = "termijn", "Wettelijke termijn van een melding die vandaag afloopt of verlopen is"
    DEEL2_TERUG = "deel2_terug", "Ondersteuningsplan deel 2 terug van de aanbieder: akkoord gemeente nodig"
    BEZWAAR = "bezwaar", "Bezwaar waarop binnen twee weken beslist moet worden"
    HERINDICATIE = "herindicatie", "Indicatie die afloopt: herindicatie starten"
    DEEL2_MAKEN = "deel2_maken", "Ondersteuningsplan waarvoor uw organisatie deel 2 moet indienen"
    RETOUR_AFGEKEURD = "retour_afgekeurd", "Bericht dat is afgekeurd of geblokkeerd"


# How far ahead an objection's decision term shows (preparing a decision takes time), and how long a rejected or
# blocked message stays on the list when nobody marks it as handled.
BEZWAAR_VOORUIT_DAGEN = 14
RETOUR_TERUG_DAGEN = 30
