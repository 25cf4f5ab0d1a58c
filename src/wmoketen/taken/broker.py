"""What the pages and the metrics may know of the broker: how many tasks wait in the queue."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)


def wachtrij_lengte() -> int | None:
    """Tasks waiting in the queue (0 without a broker: tasks run at once); None when the broker cannot say."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0
    from wmoketen.celery import app

    try:
        with app.connection_for_read() as verbinding:
            kanaal: Any = verbinding.default_channel
            antwoord = kanaal.queue_declare(queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True)
            return int(antwoord.message_count)
    except Exception:  # an absent queue or an unreachable broker: the figure is missing, the page goes on
        log.warning("lengte van de wachtrij niet te lezen", exc_info=True)
        return None
