"""`wmoketen beat`: Celery beat, the clock of the schedules in conf/planning.py. Run exactly one per installation
(two would start every scheduled task twice; each is idempotent, but it is wasted work)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.celery import app


class Command(BaseCommand):
    help = "Start de planner (Celery beat) die de geplande taken aan de workers geeft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default=os.environ.get("LOG_LEVEL", "INFO"))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "Er is geen broker ingesteld (CELERY_BROKER_URL): de planner geeft taken aan workers via de broker. "
                "Zie docs/beheer.md."
            )
        # Beat keeps its last run times in this file; its folder is not made by the settings when the database is
        # PostgreSQL (DATABASE_URL), and beat cannot create the file in a folder that does not exist.
        Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)
        app.start(
            [
                "beat",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
                f"--loglevel={options['loglevel']}",
                "--pidfile=",  # one beat per installation is the operator's promise (systemd / compose), no pidfile
            ]
        )
