from __future__ import annotations

from django.http import HttpRequest

from .models import Gebruiker


class IngelogdVerzoek(HttpRequest):
    """A request behind login_required: the user is a Gebruiker (for type checking views)."""

    user: Gebruiker
