"""Errors a user can cause: each carries a one-line message that says what to do."""

from __future__ import annotations


class FramingError(Exception):
    """Base class for user-facing errors; the CLI prints the message and exits with code 2."""


class InputError(FramingError):
    """A missing file, an unreadable format, a bad column or malformed records."""


class MarkerError(FramingError):
    """An unknown marker or a malformed markers file."""


class ModelError(FramingError):
    """A model folder that is missing, corrupt, or not an NLI checkpoint."""


class OutputExistsError(InputError):
    """An output that already exists and may only be replaced when the caller allows it."""
