"""Errors every room's services share, free of Flask so they can be raised and tested anywhere.

A service says *what* went wrong; the web layer (``portfolio/errors.py``) and the API
(``portfolio/api/blueprint.py``) say how it looks over HTTP. Services used to call
Flask's ``abort``, which tied them to a request and made them hard to test alone.
"""

from __future__ import annotations


class NotFound(LookupError):
    """The record does not exist, or the one asking may not see it: both answer 404 alike.

    One exception for both cases, so an answer never tells that a hidden record exists.
    """
