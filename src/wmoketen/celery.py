"""The Celery application: background work and schedules (docs/beheer.md).

Configuration comes from the Django settings with prefix CELERY_ (conf/base.py); tasks are found in each app's
`tasks.py`. `wmoketen worker` and `wmoketen beat` start the processes.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.production")

app = Celery("wmoketen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
