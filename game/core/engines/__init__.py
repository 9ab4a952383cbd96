"""The eight mini-game engines, and :func:`make_engine` to build the right one for a task."""

from __future__ import annotations

import random

from game.core.content import (
    DialogueData,
    EngineData,
    FormData,
    HazardData,
    MeasureData,
    OrderData,
    QuizData,
    RouteData,
    SortData,
)
from game.core.engines.base import Engine, EngineError, EngineResult, PathStep, ReviewLine
from game.core.engines.dialogue import DialogueEngine
from game.core.engines.form import FormEngine
from game.core.engines.hazard import HazardEngine
from game.core.engines.measure import MeasureEngine, format_number, parse_number
from game.core.engines.order import OrderEngine
from game.core.engines.quiz import QuizEngine
from game.core.engines.route import RouteEngine
from game.core.engines.sort import SortEngine

__all__ = [
    "DialogueEngine",
    "Engine",
    "EngineError",
    "EngineResult",
    "FormEngine",
    "HazardEngine",
    "MeasureEngine",
    "OrderEngine",
    "PathStep",
    "QuizEngine",
    "ReviewLine",
    "RouteEngine",
    "SortEngine",
    "format_number",
    "make_engine",
    "parse_number",
]


def make_engine(data: EngineData, rng: random.Random) -> Engine:
    """Build the engine that plays ``data``; ``rng`` draws the order its options are shown in."""
    match data:
        case SortData():
            return SortEngine(data, rng)
        case OrderData():
            return OrderEngine(data, rng)
        case MeasureData():
            return MeasureEngine(data, rng)
        case DialogueData():
            return DialogueEngine(data, rng)
        case HazardData():
            return HazardEngine(data, rng)
        case RouteData():
            return RouteEngine(data, rng)
        case FormData():
            return FormEngine(data, rng)
        case QuizData():
            return QuizEngine(data, rng)
    raise TypeError(f"no engine for {type(data).__name__}")
