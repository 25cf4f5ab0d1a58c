"""The refusals of access (toegang); all derive from `core.fouten.Domeinfout`."""

from __future__ import annotations

from wmoketen.core.fouten import Domeinfout


class ToegangFout(Domeinfout):
    """A refused step; `fouten` are Dutch messages for the user. Nothing was changed."""

    def __init__(self, *fouten: str) -> None:
        self.fouten = list(fouten)
        super().__init__(" ".join(fouten))


class OndertekendFout(ToegangFout):
    """A signed document cannot be changed, only superseded by a new version."""


class BriefFout(ToegangFout):
    """The letter could not be made; the decision it belongs to is not recorded and not sent."""
