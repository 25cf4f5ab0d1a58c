"""`wmoketen exchange run`: process every inbox of the file-drop exchange once (for cron or a worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken


class Command(BaseCommand):
    help = "Verstuur openstaande toewijzingsberichten en verwerk elk postvak IN van de bestandsuitwisseling eenmaal."

    def handle(self, *args: Any, **options: Any) -> None:
        verslag = uitwisseling_verwerken()
        self.stdout.write(verslag.samenvatting())
        for regel in verslag.geweigerd + verslag.fouten:
            self.stdout.write(f"  {regel}")
