"""`wmoketen worker`: a Celery worker for every background task (docs/beheer.md). Start one per machine (or
several): they share the work through the broker; each task is idempotent, so a worker that dies loses nothing."""

from __future__ import annotations

import os
import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.celery import app


def metriek_starten() -> None:
    """Prometheus on WMOKETEN_WORKER_METRIEK_POORT (optional): the sum over the worker's processes."""
    poort = os.environ.get("WMOKETEN_WORKER_METRIEK_POORT")
    if not poort:
        return
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    start_http_server(int(poort), addr=os.environ.get("WMOKETEN_WORKER_METRIEK_ADRES", "127.0.0.1"), registry=registry)


class Command(BaseCommand):
    help = "Start een worker die de achtergrondtaken uitvoert (Celery)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processen",
            type=int,
            default=int(os.environ.get("WMOKETEN_WORKER_PROCESSEN", "0")) or (os.cpu_count() or 1),
            help="taken tegelijk (standaard: het aantal processorkernen)",
        )
        parser.add_argument("--pool", choices=["prefork", "solo", "threads"], default="prefork")
        parser.add_argument("--naam", default=f"wmoketen@{socket.gethostname()}", help="naam van deze worker")
        parser.add_argument("--loglevel", default=os.environ.get("LOG_LEVEL", "INFO"))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "Er is geen broker ingesteld (CELERY_BROKER_URL): zonder broker draait elke taak direct in het "
                "proces dat haar aanbiedt en is een worker niet nodig. Zie docs/beheer.md."
            )
        metriek_starten()
        app.worker_main(
            [
                "worker",
                f"--concurrency={options['processen']}",
                f"--pool={options['pool']}",
                f"--hostname={options['naam']}",
                f"--loglevel={options['loglevel']}",
                f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
                "--without-gossip",
                "--without-mingle",
            ]
        )
