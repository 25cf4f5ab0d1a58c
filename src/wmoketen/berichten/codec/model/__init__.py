"""Plain Python objects for the iWmo 3.2 messages (frozen, keyword-only dataclasses)."""
