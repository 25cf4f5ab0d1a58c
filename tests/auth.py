"""Test helpers for signing in."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.utils import timezone

from wmoketen.accounts.services import TWEEDE_FACTOR_SLEUTEL


def login_met_tweede_factor(http: HttpClient, gebruiker: object) -> HttpClient:
    """force_login plus a proven second factor (for users who need one, e.g. functioneel beheer)."""
    http.force_login(gebruiker)  # type: ignore[arg-type]
    sessie = http.session
    sessie[TWEEDE_FACTOR_SLEUTEL] = timezone.now().isoformat()
    sessie.save()
    return http
