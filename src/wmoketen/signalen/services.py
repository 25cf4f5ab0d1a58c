"""Writes of the signals: e-mail notices of new task-list items (each item once per user), marking a rejected
message as handled."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.core.fouten import Domeinfout

from .constants import Soort
from .models import Afgevinkt, Kennisgeving
from .selectors import Takenlijst, kennisgeving_ontvangers, takenlijst

log = logging.getLogger(__name__)

OPRUIMEN_NA = timedelta(days=180)  # a remembered notice of an item no longer listed goes after this long


class SignaalFout(Domeinfout):
    pass


@dataclass(frozen=True)
class Verzending:
    gebruikers: int
    mails: int
    punten: int


def mail_ingesteld() -> bool:
    """SMTP needs EMAIL_HOST; another backend (console in the demo, locmem in tests, a provider's API) is set up
    by choosing it."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend"


def kennisgeving_tekst(*, nieuw: dict[Soort, int], totaal: int) -> tuple[str, str]:
    """Subject and body of a notice: counts per kind and a link, no personal data (no client, no name, no BSN,
    no numbers of dossiers): whoever reads the mail must sign in to see what it is about."""
    aantal = sum(nieuw.values())
    onderwerp = f"wmoketen: {aantal} nieuw{'e punten' if aantal != 1 else ' punt'} op uw takenlijst"
    tekst = render_to_string(
        "signalen/kennisgeving.txt",
        {
            "regels": [(soort.label, n) for soort, n in nieuw.items()],
            "totaal": totaal,
            "url": settings.WMOKETEN_BASIS_URL.rstrip("/") + reverse("signalen:lijst"),
        },
    )
    return onderwerp, tekst


def _versturen_aan(gebruiker: Gebruiker, lijst: Takenlijst) -> int:
    """Announce the items of `lijst` not yet announced to this user; returns how many. The user row is locked, so
    two runs at once announce an item once; the mail goes inside the transaction: if it cannot be sent, nothing is
    remembered and the next run tries again."""
    sleutels = {p.sleutel: p.soort for p in lijst.punten}
    with transaction.atomic():
        Gebruiker.objects.select_for_update().filter(pk=gebruiker.pk).first()
        bekend = set(
            Kennisgeving.objects.filter(gebruiker=gebruiker, sleutel__in=list(sleutels)).values_list(
                "sleutel", flat=True
            )
        )
        Kennisgeving.objects.filter(gebruiker=gebruiker, verzonden_op__lt=timezone.now() - OPRUIMEN_NA).exclude(
            sleutel__in=list(sleutels)
        ).delete()
        nieuw = [s for s in sleutels if s not in bekend]
        if not nieuw:
            return 0
        per_soort: dict[Soort, int] = {}
        for s in nieuw:
            per_soort[sleutels[s]] = per_soort.get(sleutels[s], 0) + 1
        onderwerp, tekst = kennisgeving_tekst(
            nieuw={soort: per_soort[soort] for soort in Soort if soort in per_soort}, totaal=lijst.aantal
        )
        Kennisgeving.objects.bulk_create([Kennisgeving(gebruiker=gebruiker, sleutel=s) for s in nieuw])
        EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [gebruiker.email]).send()
    return len(nieuw)


def kennisgevingen_versturen(*, vandaag: date | None = None) -> Verzending:
    """One mail per user with new items on their task list since the last run (Celery beat, conf/planning.py).
    Idempotent: a second run announces nothing that was announced."""
    if not mail_ingesteld():
        raise SignaalFout("Er is geen e-mailserver ingesteld (EMAIL_HOST): er zijn geen kennisgevingen verstuurd.")
    dag = vandaag or timezone.localdate()
    mails = punten = 0
    ontvangers = kennisgeving_ontvangers()
    for gebruiker in ontvangers:
        n = _versturen_aan(gebruiker, takenlijst(gebruiker=gebruiker, vandaag=dag))
        if n:
            mails += 1
            punten += n
    log.info("kennisgevingen: %s mails over %s nieuwe punten aan %s gebruikers", mails, punten, len(ontvangers))
    return Verzending(len(ontvangers), mails, punten)


def afvinken(*, door: Gebruiker, sleutel: str, vandaag: date | None = None) -> None:
    """Mark a rejected or blocked message as handled; only an item on the user's own list (else refused)."""
    lijst = takenlijst(gebruiker=door, vandaag=vandaag or timezone.localdate())
    if not any(p.sleutel == sleutel and p.afvinkbaar for p in lijst.punten):
        raise SignaalFout("Dit punt staat niet (meer) op uw takenlijst of kan niet worden afgevinkt.")
    Afgevinkt.objects.get_or_create(sleutel=sleutel, defaults={"door": door})
