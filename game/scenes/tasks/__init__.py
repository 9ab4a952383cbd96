"""One scene per engine, all built on :class:`~game.scenes.tasks.base.TaskScene`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.core.engines import (
    DialogueEngine,
    FormEngine,
    HazardEngine,
    MeasureEngine,
    OrderEngine,
    QuizEngine,
    RouteEngine,
    SortEngine,
)
from game.core.session import TaskRun
from game.scenes.tasks.base import TaskScene
from game.scenes.tasks.dialogue import DialogueScene
from game.scenes.tasks.form import FormScene
from game.scenes.tasks.hazard import HazardScene
from game.scenes.tasks.measure import MeasureScene
from game.scenes.tasks.order import OrderScene
from game.scenes.tasks.quiz import QuizScene
from game.scenes.tasks.route import RouteScene
from game.scenes.tasks.sort import SortScene

if TYPE_CHECKING:
    from game.app import Game

__all__ = ["TaskScene", "scene_for"]


def scene_for(game: Game, run: TaskRun) -> TaskScene[Any]:
    """The scene that plays ``run``'s engine."""
    engine = run.engine
    match engine:
        case SortEngine():
            return SortScene(game, run, engine)
        case OrderEngine():
            return OrderScene(game, run, engine)
        case MeasureEngine():
            return MeasureScene(game, run, engine)
        case DialogueEngine():
            return DialogueScene(game, run, engine)
        case HazardEngine():
            return HazardScene(game, run, engine)
        case RouteEngine():
            return RouteScene(game, run, engine)
        case FormEngine():
            return FormScene(game, run, engine)
        case QuizEngine():
            return QuizScene(game, run, engine)
    raise TypeError(f"no scene for {type(engine).__name__}")
