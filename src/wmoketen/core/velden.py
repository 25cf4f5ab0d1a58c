"""Form fields shared by the contexts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

GROOTSTE_SLEUTEL = 2**63 - 1  # a primary key the database can hold (bigint)


class MeerdereKeuzes(forms.ModelMultipleChoiceField):
    """A multiple choice of objects that refuses, with the field's own Dutch message, a posted id the database
    cannot even compare (Django checks each id alone, but then asks `pk__in` with all of them, where an id beyond
    bigint makes SQLite raise OverflowError and PostgreSQL a DataError: a 500 instead of a refusal)."""

    def _check_values(self, value: Any) -> Any:
        for v in value:
            try:
                groot = abs(int(str(v).strip())) > GROOTSTE_SLEUTEL
            except ValueError:
                continue  # not a number: Django refuses it as an invalid choice
            if groot:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(v)[:40]}
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs
