"""Errors the library raises. Bad *input* never raises: it becomes a stored Rejection."""

from __future__ import annotations


class ChroniqueError(Exception):
    """Base class: something the user can fix (a missing model, a bad setting, a bad file)."""


class LanguagePackError(ChroniqueError):
    """A language has no pack, or its pack's data files are malformed."""


class ModelNotInstalledError(ChroniqueError):
    """No spaCy model named by a language pack is installed."""


class StoreError(ChroniqueError):
    """The event store cannot be opened or migrated."""
