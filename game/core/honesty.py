"""Honest tags: an engine claims only what a player can show in it (docs/GAME_CONTENT.md).

Checked by the loader on every task, with the file and line of the faulty tag:

- **Speaking** (indicators where the player says something: reply, ask, describe, argue)
  may be claimed only by ``dialogue``, where the player takes each turn of an exchange and
  the conversation follows the reply chosen. Recognising a right sentence in a quiz is not
  speaking.
- **Writing** (indicators where the player writes a text or a message) is claimed by no
  engine: no engine lets the player write. Spotting the mistakes of a text (``1D-04``,
  ``9D-02``) is reading, and any engine may claim it.
- **Level 2 "J'explique"** needs a step where the player gives the reason of a choice
  (a dialogue node or a quiz question marked ``why: true``), in every version of the task
  (``data`` and each variant: a play gets one of them); the other engines stop at 1.
- **Levels 3 and 4** are never given by the game (the loader refuses them already).
- Each level's band starts at or above the engine's floor (:data:`LEVEL_FLOORS`).
"""

from __future__ import annotations

from game.core.content import DialogueData, EngineData, QuizData
from game.core.scoring import LEVEL_FLOORS

SPEAKING = frozenset(
    {
        "E2C-1B-01",
        "E2C-1B-03",
        "E2C-1C-02",
        "E2C-1C-03",
        "E2C-1C-04",
        "E2C-1C-05",
        "E2C-1E-02",
        "E2C-1E-04",
        "E2C-1E-05",
        "E2C-9B-01",
        "E2C-9B-03",
        "E2C-9C-02",
        "E2C-9C-03",
        "E2C-9C-04",
        "E2C-9C-05",
        "E2C-9E-02",
        "E2C-9E-04",
        "E2C-9E-05",
    }
)
"""Indicators where the player must say something: only a dialogue can show them."""

WRITING = frozenset({"E2C-1B-04", "E2C-1D-01", "E2C-1D-02", "E2C-1D-03", "E2C-9B-04", "E2C-9D-01"})
"""Indicators where the player must write a text: no engine can show them."""

SPEAKING_ENGINES = frozenset({"dialogue"})


def has_why_step(data: EngineData) -> bool:
    """True when the task asks the player the reason of a choice somewhere."""
    if isinstance(data, DialogueData):
        return any(node.why for node in data.nodes)
    if isinstance(data, QuizData):
        return any(question.why for question in data.questions)
    return False


def indicator_finding(engine: str, indicator: str) -> str | None:
    """Why ``engine`` may not claim ``indicator``, or None when it may."""
    if indicator in WRITING:
        return (
            f"l'indicateur {indicator} demande d'écrire un texte : "
            "aucun moteur du jeu ne le montre (un référent l'observe)"
        )
    if indicator in SPEAKING and engine not in SPEAKING_ENGINES:
        return (
            f"l'indicateur {indicator} demande de parler : "
            f"le moteur « {engine} » ne le montre pas (seul un dialogue le peut)"
        )
    return None


def band_finding(engine: str, level: int, low: float, why_step: bool) -> str | None:
    """Why a band ``{min: low, level: level}`` is refused for ``engine``, or None."""
    if level >= 2 and not why_step:
        return (
            "le niveau 2 « J'explique » demande une étape où le joueur donne la raison "
            "d'un choix (why: true dans un dialogue ou un quiz), dans chaque version "
            "de la tâche (data et chaque variante)"
        )
    floor = LEVEL_FLOORS.get(engine, {}).get(level)
    if floor is not None and low + 1e-9 < floor:
        return (
            f"seuil trop bas pour le niveau {level} avec le moteur « {engine} » "
            f"(au moins {floor:g}) : un joueur qui répond au hasard l'atteindrait trop souvent"
        )
    return None
