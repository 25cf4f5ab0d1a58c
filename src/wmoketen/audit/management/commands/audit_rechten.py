"""`wmoketen audit rechten --app-rol R --eigenaar E [--uitvoeren]` prints (or, run as the owner after every
migrate, applies) the grants of docs/security.md §2; `wmoketen audit rechten --controleren`, run under the
application's own role, says whether that role could change the Logboek."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from wmoketen.audit.rechten import rechten_controleren, rechten_sql


class Command(BaseCommand):
    help = "Databaserechten van de applicatierol op het logboek: tonen, toepassen of controleren (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-rol", help="de rol waaronder de applicatie draait (DATABASE_URL van de app)")
        parser.add_argument("--eigenaar", help="de rol die de migraties draait en de tabellen bezit")
        parser.add_argument("--uitvoeren", action="store_true", help="pas de rechten toe (draai als de eigenaar)")
        parser.add_argument("--controleren", action="store_true", help="controleer de huidige rol")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Databaserollen gelden voor PostgreSQL (productie).")
        if options["controleren"]:
            with connection.cursor() as cursor:
                rapport = rechten_controleren(cursor)
            if not rapport.in_orde:
                raise CommandError(f"Rol {rapport.rol} kan het logboek wijzigen: {'; '.join(rapport.bezwaren)}.")
            self.stdout.write(f"Rol {rapport.rol}: alleen lezen en toevoegen op het logboek, geen eigenaar. In orde.")
            return
        if not (options["app_rol"] and options["eigenaar"]):
            raise CommandError("Geef --app-rol en --eigenaar op (of --controleren).")
        opdrachten = rechten_sql(app_rol=options["app_rol"], eigenaar=options["eigenaar"])
        with connection.cursor() as cursor:
            teksten = [o.as_string(cursor.connection) for o in opdrachten]
            if options["uitvoeren"]:
                with transaction.atomic():
                    for tekst in teksten:
                        cursor.execute(tekst)
        self.stdout.write(";\n".join(teksten) + ";")
        if options["uitvoeren"]:
            self.stdout.write(f"-- toegepast voor {options['app_rol']}")
