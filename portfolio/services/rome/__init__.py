"""The trades: the whole ROME (sheets, job titles) and the 50 trades of the game.

- :mod:`.catalogue`: :func:`rome` (every sheet and job title, the picker's search),
  :class:`TradeChoice` (what a form or the API keeps), :class:`UnknownTrade`;
- :mod:`.search`: how typed words find job titles;
- :mod:`.trades`: the game's 50 trades (:func:`trades`), ROME 4.0 codes and labels.
"""

from portfolio.services.rome.catalogue import (
    EXTENSION_KEY,
    JobTitle,
    Rome,
    RomeFileError,
    Sheet,
    TradeChoice,
    UnknownTrade,
    load_rome,
    rome,
)
from portfolio.services.rome.search import Match, TradeSearchError
from portfolio.services.rome.trades import EXTENSION_KEY as TRADES_KEY
from portfolio.services.rome.trades import (
    Trade,
    TradeCatalogue,
    TradeFileError,
    fold,
    load_trades,
    parse_trades,
    trades,
)

__all__ = [
    "EXTENSION_KEY",
    "TRADES_KEY",
    "JobTitle",
    "Match",
    "Rome",
    "RomeFileError",
    "Sheet",
    "Trade",
    "TradeCatalogue",
    "TradeChoice",
    "TradeFileError",
    "TradeSearchError",
    "UnknownTrade",
    "fold",
    "load_rome",
    "load_trades",
    "parse_trades",
    "rome",
    "trades",
]
