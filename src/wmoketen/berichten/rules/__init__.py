"""Rule engine for control levels 2-4; see docs/regels.md for the list of rules."""

from .base import REGISTRY, BerichtView, Finding, Niveau, Rule, rule
from .context import BekendeStart, BekendeStop, BekendeToewijzing, BekendVerzoek, ValidationContext
from .engine import ValidationResult, rules_for, validate, validate_bericht, validate_parsed
from .memory import InMemoryContext

__all__ = [
    "REGISTRY",
    "BekendVerzoek",
    "BekendeStart",
    "BekendeStop",
    "BekendeToewijzing",
    "BerichtView",
    "Finding",
    "InMemoryContext",
    "Niveau",
    "Rule",
    "ValidationContext",
    "ValidationResult",
    "rule",
    "rules_for",
    "validate",
    "validate_bericht",
    "validate_parsed",
]
