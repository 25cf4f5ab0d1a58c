"""Signals of the exchange for other parts of the system (and the test suite)."""

from __future__ import annotations

from django.dispatch import Signal

# A message we built would not pass the official validation: it is stored as blocked and not sent.
# Sent with `bericht` (the stored Bericht row, status geblokkeerd, its findings in `bevindingen`).
bericht_geblokkeerd = Signal()
