"""The Prometheus exposition of the web process: the counters of every process (core.metriek, django-prometheus's
request metrics; summed over gunicorn's workers in multiprocess mode) plus figures read at scrape time:
- wmoketen_queue_messages: tasks waiting in the broker's queue;
- wmoketen_325_waiting{state}: 323s waiting for their 325, by how close they are to the 10 working days;
- wmoketen_tasks{status}: task rows that are open or dead (the dead-letter list of functioneel beheer).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class StandCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        from wmoketen.berichten.selectors import DICHTBIJ, OP_TIJD, VERLOPEN, wachten_op_325
        from wmoketen.taken.broker import wachtrij_lengte
        from wmoketen.taken.models import OPEN, Taak, TaakStatus

        lengte = wachtrij_lengte()
        if lengte is not None:
            yield GaugeMetricFamily("wmoketen_queue_messages", "Tasks waiting in the broker's queue.", value=lengte)
        stand = Counter(w.stand for w in wachten_op_325())
        wacht = GaugeMetricFamily(
            "wmoketen_325_waiting", "323s waiting for their 325, by distance to the 10 working days.", labels=["state"]
        )
        for naam in (OP_TIJD, DICHTBIJ, VERLOPEN):
            wacht.add_metric([naam], stand[naam])
        yield wacht
        per_status = Counter(Taak.objects.filter(status__in=[*OPEN, TaakStatus.DOOD]).values_list("status", flat=True))
        taken = GaugeMetricFamily("wmoketen_tasks", "Task rows that are open or dead, by status.", labels=["status"])
        for status in [*OPEN, TaakStatus.DOOD]:
            taken.add_metric([str(status)], per_status[status])
        yield taken


def als_tekst() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client.multiprocess import MultiProcessCollector

        tellers = CollectorRegistry()
        MultiProcessCollector(tellers)
    else:
        tellers = REGISTRY  # one process (the demo, tests): its own counters
    stand = CollectorRegistry()
    stand.register(StandCollector())
    return generate_latest(tellers) + generate_latest(stand), CONTENT_TYPE_LATEST
