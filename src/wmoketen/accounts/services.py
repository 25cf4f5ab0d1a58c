"""Writes of the accounts app: sessions, the second factor and the credentials of systems (koppelingen)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import tweefactor
from .models import Gebruiker, Sessie, Systeemkoppeling

TWEEDE_FACTOR_SLEUTEL = "tweede_factor_op"
AANGEMELD_SLEUTEL = "aangemeld_op"
LAATST_ACTIEF_SLEUTEL = "laatst_actief"


@transaction.atomic
def sessie_registreren(
    *, gebruiker: Gebruiker, sessie: SessionBase, ip_adres: str | None, apparaat: str, nu: datetime | None = None
) -> Sessie:
    """Called right after login (the session key has just been renewed by Django's login())."""
    nu = nu or timezone.now()
    sessie[AANGEMELD_SLEUTEL] = nu.isoformat()
    sessie[LAATST_ACTIEF_SLEUTEL] = nu.isoformat()
    sessie.save()
    assert sessie.session_key is not None
    return Sessie.objects.create(
        gebruiker=gebruiker,
        sessiesleutel=sessie.session_key,
        aangemeld_op=nu,
        laatst_actief=nu,
        ip_adres=ip_adres,
        apparaat=apparaat[:200],
    )


def sessie_beeindigen(*, gebruiker: Gebruiker, sessie_id: int) -> bool:
    """End one of the user's own sessions on the server. Returns False when it is not theirs or already gone."""
    from django.contrib.sessions.models import Session

    sessie = Sessie.objects.filter(pk=sessie_id, gebruiker=gebruiker).first()
    if sessie is None:
        return False
    with transaction.atomic():
        Session.objects.filter(session_key=sessie.sessiesleutel).delete()
        sessie.delete()
    return True


def sessie_afmelden(*, sessiesleutel: str | None) -> None:
    if sessiesleutel:
        Sessie.objects.filter(sessiesleutel=sessiesleutel).delete()


def _stap_gebruiken(*, gebruiker: Gebruiker, geheim: str, code: str) -> bool:
    """Accept the code once: the conditional UPDATE makes two sessions racing with the same code see one win."""
    stap = tweefactor.geldige_stap(geheim, code, na_stap=gebruiker.totp_laatste_stap)
    if stap is None:
        return False
    nog_niet_gebruikt = Q(totp_laatste_stap__isnull=True) | Q(totp_laatste_stap__lt=stap)
    if not Gebruiker.objects.filter(nog_niet_gebruikt, pk=gebruiker.pk).update(totp_laatste_stap=stap):
        return False
    gebruiker.totp_laatste_stap = stap
    return True


@transaction.atomic
def tweede_factor_instellen(*, gebruiker: Gebruiker, geheim: str, code: str) -> bool:
    """Store the secret only when the user proves the app produces valid codes for it."""
    if not _stap_gebruiken(gebruiker=gebruiker, geheim=geheim, code=code):
        return False
    gebruiker.totp_geheim = geheim
    gebruiker.save(update_fields=["totp_geheim"])
    return True


def tweede_factor_bewezen(*, gebruiker: Gebruiker, sessie: SessionBase) -> None:
    """Mark the session as having proven the second factor, under a new session id."""
    oud = sessie.session_key
    sessie.cycle_key()  # a new session id once the second factor is proven, too
    sessie[TWEEDE_FACTOR_SLEUTEL] = timezone.now().isoformat()
    sessie.save()
    if oud and sessie.session_key:
        Sessie.objects.filter(gebruiker=gebruiker, sessiesleutel=oud).update(sessiesleutel=sessie.session_key)


def tweede_factor_controleren(*, gebruiker: Gebruiker, sessie: SessionBase, code: str) -> bool:
    """A valid code that was not used before proves the second factor for this session."""
    if not _stap_gebruiken(gebruiker=gebruiker, geheim=gebruiker.totp_geheim, code=code):
        return False
    tweede_factor_bewezen(gebruiker=gebruiker, sessie=sessie)
    return True


# ------------------------------------------------------------------------------------------ systeemkoppelingen

TOKEN_VOORVOEGSEL = "wmk_"


def _token_hash(token: str) -> str:
    # The token is 256 random bits, so one SHA-256 suffices (a slow password hash protects guessable secrets).
    return hashlib.sha256(token.encode()).hexdigest()


def token_geven(koppeling: Systeemkoppeling) -> str:
    """Give an unsaved koppeling a new token; returns the token (shown once, only its hash is stored)."""
    token = TOKEN_VOORVOEGSEL + secrets.token_urlsafe(32)
    koppeling.token_sha256 = _token_hash(token)
    koppeling.token_begin = token[len(TOKEN_VOORVOEGSEL) : len(TOKEN_VOORVOEGSEL) + 8]
    return token


@transaction.atomic
def koppeling_aanmaken(
    *, naam: str, door: Gebruiker | None, aanbieder: Any = None, gemeente: Any = None
) -> tuple[Systeemkoppeling, str]:
    """A new system credential for one party. The token is returned once and stored only as its hash."""
    koppeling = Systeemkoppeling(naam=naam, aanbieder=aanbieder, gemeente=gemeente, aangemaakt_door=door)
    token = token_geven(koppeling)
    koppeling.save()
    return koppeling, token


def koppeling_bij_token(token: str) -> Systeemkoppeling | None:
    """The active system credential this token belongs to, or None (unknown, revoked)."""
    if not token.startswith(TOKEN_VOORVOEGSEL):
        return None
    koppeling = (
        Systeemkoppeling.objects.select_related("aanbieder", "gemeente")
        .filter(token_sha256=_token_hash(token), ingetrokken_op__isnull=True)
        .first()
    )
    if koppeling is not None:
        Systeemkoppeling.objects.filter(pk=koppeling.pk).update(laatst_gebruikt_op=timezone.now())
    return koppeling


def koppeling_intrekken(*, koppeling: Systeemkoppeling) -> None:
    Systeemkoppeling.objects.filter(pk=koppeling.pk, ingetrokken_op__isnull=True).update(ingetrokken_op=timezone.now())
