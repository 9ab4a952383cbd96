"""The one error of the conversation services: a sentence for people."""

from __future__ import annotations


class MessageRefused(ValueError):
    """A message (or its file) was not sent; ``str()`` says why, for people. Nothing was kept."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code
