"""Domain errors shared by services, pages and the API."""

from __future__ import annotations

from typing import Any


class InputErrors(Exception):
    """Bad input, with messages keyed like the input: {"goods": [{"quantity": ["..."]}, {}], ...}.

    Nothing was changed. Pages put each message beside its field; the API answers 400 with them.
    """

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__(str(errors))


class ConflictError(Exception):
    """The object is not in a state that allows this action (HTTP 409)."""
