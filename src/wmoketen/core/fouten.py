"""The one base of every domain refusal.

A service that says no (a rule of the standard, the law, the region or the process) raises a subclass of
`Domeinfout` with a Dutch text that tells the user what is wrong and, where it helps, what to do instead. Callers
catch `Domeinfout` (or a subclass) to show that text; they never catch `ValueError`, `Exception` or another broad
built-in to mean "the domain said no". Anything else that escapes is a bug: it must fail loudly, not become a
polite refusal.
"""

from __future__ import annotations


class Domeinfout(Exception):
    """A refusal by the domain; `str(fout)` is the Dutch text for the user. Nothing was changed."""
