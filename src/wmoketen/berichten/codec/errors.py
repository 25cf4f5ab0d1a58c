"""Errors of the message codec; their text is Dutch because users and logs of the chain read it."""

from __future__ import annotations


class BerichtError(ValueError):
    """A message cannot be built or read."""


class UnsafeXmlError(BerichtError):
    """Input refused before parsing: too large, a DOCTYPE/DTD, entities or not well-formed."""


class SchemaValidationError(BerichtError):
    """The XML does not satisfy the XSD of its message kind (control level 1)."""

    def __init__(self, message: str, errors: list[str]) -> None:
        super().__init__(message)
        self.errors = errors
