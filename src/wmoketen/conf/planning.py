"""What Celery beat starts when (`wmoketen beat`), and how functioneel beheer sees it (/taken/).

One entry per schedule: the task, when, and a Dutch name and explanation for the overview. The overview shows
the last run of each task with its outcome (wmoketen.taken). WMOKETEN_PLANNING_UIT (comma-separated names) turns
entries off, e.g. `backup` where the hosting party backs up the database itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from celery.schedules import crontab


@dataclass(frozen=True)
class Planning:
    taak: str
    schema: crontab | timedelta
    titel: str
    wanneer: str
    waarom: str


PLANNING: dict[str, Planning] = {
    "postvakken": Planning(
        "berichten.postvakken_lezen",
        timedelta(minutes=1),
        "Postvakken lezen",
        "elke minuut",
        "Elk nieuw bestand in postvak IN wordt een eigen taak; wat nog in de outbox staat wordt afgeleverd.",
    ),
    "toewijzingsberichten": Planning(
        "berichten.toewijzingsberichten_verzenden",
        timedelta(minutes=5),
        "Toewijzingsberichten (301) verzenden",
        "elke 5 minuten",
        "Een 301 voor elke cliënt en aanbieder met gewijzigde toewijzingen (ook direct na een beschikking).",
    ),
    "termijn325": Planning(
        "berichten.termijn_325_bewaken",
        crontab(minute=0, hour="7-18"),
        "Termijn van de 325 bewaken",
        "elk uur van 7 tot 18 uur",
        "Declaraties (323) die nog op hun antwoord wachten, en hoe dicht ze bij de 10 werkdagen zitten.",
    ),
    "herindicatie": Planning(
        "herindicatie.bijwerken",
        crontab(minute=30, hour=5),
        "Evaluaties en herindicatiesignalen",
        "dagelijks 05:30",
        "Evaluaties plannen en signalen maken voor indicaties die aflopen.",
    ),
    "kennisgevingen": Planning(
        "signalen.kennisgevingen",
        crontab(minute=15, hour="7-17", day_of_week="mon-fri"),
        "Kennisgevingen takenlijst",
        "werkdagen elk uur van 7 tot 17 uur",
        "Een e-mail (zonder persoonsgegevens) aan wie nieuwe punten op de takenlijst heeft; elk punt één keer.",
    ),
    "bewaartermijn": Planning(
        "beheer.bewaartermijn",
        crontab(minute=0, hour=3, day_of_month=1),
        "Bewaartermijnen",
        "de 1e van de maand 03:00",
        "Dossiers voorbij hun bewaartermijn: rapport, of anonimiseren als WMOKETEN_BEWAARTERMIJN_UITVOEREN aan staat.",
    ),
    "logboek": Planning(
        "beheer.logboek_controlepunt",
        crontab(minute=10),
        "Controlepunt van het Logboek",
        "elk uur, 10 over",
        "De kop van de keten van het Logboek getekend in een bestand buiten de database "
        "(WMOKETEN_AUDIT_CONTROLEPUNTEN); mislukt als de keten sinds het vorige controlepunt niet klopt.",
    ),
    "backup": Planning(
        "beheer.backup_maken",
        crontab(minute=0, hour=2),
        "Back-up van de database",
        "dagelijks 02:00",
        "Een back-up in WMOKETEN_BACKUP_MAP; de oudste boven WMOKETEN_BACKUP_BEWAREN worden verwijderd.",
    ),
    "taken": Planning(
        "taken.onderhoud",
        timedelta(minutes=5),
        "Onderhoud van de takenlijst",
        "elke 5 minuten",
        "Taken die de broker niet bereikten opnieuw aanbieden; afgeronde taken na 14 dagen opruimen.",
    ),
}

UIT = {naam.strip() for naam in os.environ.get("WMOKETEN_PLANNING_UIT", "").split(",") if naam.strip()}
ACTIEF = {naam: p for naam, p in PLANNING.items() if naam not in UIT}
BEAT_SCHEDULE = {naam: {"task": p.taak, "schedule": p.schema} for naam, p in ACTIEF.items()}
