"""Errors that carry a message meant for a person.

``UserError`` is raised for a mistake the caller can fix (a missing file, a bad option, a bad
upload): the CLI prints its message and a hint, with no traceback. Anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for; ``hint`` says what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class ServiceError(Exception):
    """An outside service answered with an error that retrying will not fix (a 4xx, an ``error`` field)."""


class TransientServiceError(ServiceError):
    """An outside service failed in a way that may pass (429, 5xx, timeout); retried with backoff."""
