"""Refusals of the migratie capability; the text is Dutch and says what to do."""

from __future__ import annotations

from wmoketen.core.fouten import Domeinfout


class MigratieFout(Domeinfout):
    """The import or export cannot start or go on (a source that does not exist, a changed archive, ...)."""
