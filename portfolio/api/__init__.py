"""JSON API under /api/v1: token authentication only (cookie sessions do not count).

Each feature keeps its routes in its own module here; importing them attaches them to ``bp``.
"""

from portfolio.api.blueprint import bp

__all__ = ["bp"]
