"""The one place views ask for "today", so tests can freeze it (monkeypatch `klok.vandaag`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def vandaag() -> date:
    return timezone.localdate()
