"""JSON API under /api/v1: token authentication only (cookie sessions do not count).

Each feature keeps its routes in its own module here; importing them attaches them to ``bp``.
"""

from portfolio.api import activities as _activities  # noqa: F401  (routes)
from portfolio.api import assessments as _assessments  # noqa: F401  (routes)
from portfolio.api import game_link as _game_link  # noqa: F401  (routes)
from portfolio.api import interests as _interests  # noqa: F401  (routes)
from portfolio.api import interview as _interview  # noqa: F401  (routes)
from portfolio.api import metiers as _metiers  # noqa: F401  (routes)
from portfolio.api import openapi as _openapi  # noqa: F401  (routes)
from portfolio.api import path as _path  # noqa: F401  (routes)
from portfolio.api import recordings as _recordings  # noqa: F401  (routes)
from portfolio.api import referentiel as _referentiel  # noqa: F401  (routes)
from portfolio.api import statements as _statements  # noqa: F401  (routes)
from portfolio.api import traces as _traces  # noqa: F401  (routes)
from portfolio.api.blueprint import bp

__all__ = ["bp"]
