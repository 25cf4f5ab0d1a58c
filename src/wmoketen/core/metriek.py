"""Prometheus metrics that the code counts as it works (prometheus-client).

Counters and histograms only: they add up over processes. Under gunicorn and the Celery worker every process writes
its own file in PROMETHEUS_MULTIPROC_DIR (set by `wmoketen serve` and `wmoketen worker`) and the exporter sums them.
Figures that are a state rather than a count (queue length, 325s near their deadline) are read at scrape time by
`web.metriek`. Labels never carry personal data: task names, message kinds and outcomes only.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

TAAK_DUUR = Histogram(
    "wmoketen_task_duration_seconds",
    "Duration of a background task run, by task and outcome (ok, retry, dead).",
    ["task", "outcome"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800),
)
TAAK_FOUTEN = Counter("wmoketen_task_failures_total", "Failed runs of background tasks (retried or not).", ["task"])
TAAK_DOOD = Counter(
    "wmoketen_task_dead_letters_total", "Tasks stopped after repeated failures (dead letter).", ["task"]
)
BERICHTEN_ONTVANGEN = Counter(
    "wmoketen_messages_received_total",
    "iWmo messages received, by kind (301 ... 325) and outcome (approved, rejected, refused, duplicate).",
    ["kind", "outcome"],
)
PRESTATIES_BEOORDEELD = Counter(
    "wmoketen_prestaties_judged_total", "Prestaties of received 323s judged, by outcome.", ["outcome"]
)
