"""Shared pytest fixtures; factories live in each app's tests/factories.py."""
