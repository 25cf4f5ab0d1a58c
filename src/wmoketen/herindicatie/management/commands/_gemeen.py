"""Shared by the conversion commands: read the definition, print Dutch errors."""

from __future__ import annotations

from django.core.management.base import CommandError

from wmoketen.herindicatie.conversie.definitie import DefinitieFout, GelezenDefinitie, lees_definitie


def lees(pad: str) -> GelezenDefinitie:
    try:
        return lees_definitie(pad)
    except DefinitieFout as fout:
        raise CommandError(fout.rapport()) from fout
