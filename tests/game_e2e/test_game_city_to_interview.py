"""End to end, issue 13 "Done when": a new trainee plays a trade from the city to the interview.

The real game (its Game object, scenes, outbox and background sender, headless on SDL's dummy
drivers) is played with keyboard events only, from the first screen: the read-aloud question,
linking with the code from "Paramètres > Jeu", the avatar, every interest card, the city, a
trade's arrival, one task, the job interview (with its "why" step) and the end of the day.
The portfolio (the demo site, served on 127.0.0.1) receives the evidence; the demo referent
reads the interview's replay line beside its score and confirms it; the trainee sees it
confirmed. A screenshot of each step goes to test-output/screenshots/game/e2e/.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest
import requests
from game_e2e.test_game_portfolio import LiveServer, read, wait_until
from sqlalchemy import create_engine, select

from dbtools import database_url
from game.app import Game, Options
from game.core.clock import ManualClock
from game.core.content import Catalogue, DialogueData, Trade
from game.core.framework import load_framework_view
from game.core.interest_cards import CARDS
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir
from game.core.store import open_store
from game.net.sender import Sender
from game.scenes.avatar import AvatarScene
from game.scenes.debrief import DebriefScene, ReflectionScene
from game.scenes.hub import DistrictScene, HubScene
from game.scenes.interests import InterestsScene
from game.scenes.link import LinkScene
from game.scenes.start import StartScene
from game.scenes.story import StoryScene
from game.scenes.tasks.dialogue import DialogueScene
from game.scenes.tasks.sort import TWEEN_TIME, SortScene
from game.scenes.trade import TradeScene
from game.scenes.voice_question import VoiceQuestionScene, should_ask

sys.path.append(str(Path(__file__).resolve().parents[1] / "game"))
from game_driver import Driver, FakeVoice

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots" / "game" / "e2e"
PASSWORD = "correct-horse-battery"
REFERENT = ("referente", "piano-rivage-28")  # the demo site's referent (portfolio/demo)
CODE_RE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
ROME, TASK = "D1507", "controler-dates"  # a trade with a first day; its first task sorts


class Player(Driver):
    """The game driver, plus a screenshot of the whole window after each step."""

    def __init__(self, game: Game, clock: ManualClock) -> None:
        super().__init__(game, clock)
        self.shots = 0

    def shot(self, name: str) -> None:
        self.frame(12)  # past the fade-in of a new scene
        self.shots += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.game.surface, str(SHOTS / f"{self.shots:02d}-{name}.png"))


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The portfolio with its demo site (referent, trainees, their evidence)."""
    from portfolio import create_app
    from portfolio.demo import seed_demo
    from portfolio.extensions import db
    from portfolio.models import Base

    root = tmp_path_factory.mktemp("game_city")
    url = database_url(root, "game_city")
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "game-city",
            "UPLOAD_FOLDER": str(root / "uploads"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        assert seed_demo().created
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def display() -> Iterator[None]:
    """Events can be posted only with a (dummy) display; the game draws on its own surface."""
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1280, 720))
    yield


def browser_login(base: str, login: str, password: str) -> requests.Session:
    """A person logging in with their browser (the form and its CSRF token)."""
    session = requests.Session()
    form = session.get(base + "/connexion", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token is not None
    answer = session.post(
        base + "/connexion",
        data={"login": login, "password": password, "csrf_token": token.group(1)},
        timeout=10,
    )
    assert answer.ok and "Se déconnecter" in answer.text
    return session


def new_trainee(app: Any) -> dict[str, Any]:
    """A trainee who just arrived: made by the portfolio's services, on the demo referent."""
    from portfolio.extensions import db
    from portfolio.models import Role, Site, User
    from portfolio.services import accounts

    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "demo"))
        referent = db.session.scalar(select(User).where(User.login == REFERENT[0]))
        assert site is not None and referent is not None
        trainee = accounts.create_user(
            login="samir",
            password=PASSWORD,
            first_name="Samir",
            last_name="Benali",
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(trainee, referent)
        db.session.commit()
        return {"id": trainee.id, "login": trainee.login}


def start_game(catalogue: Catalogue, home: Path, url: str, sender: Sender) -> Player:
    """As ``python -m game`` does: the start screen, the read-aloud question on top."""
    clock = ManualClock()
    game = Game(
        catalogue,
        load_framework_view(),
        open_store(home),
        Options(home=home, portfolio=url, seed=13),
        surface=pygame.Surface((1280, 720)),
        clock=clock,
        sender=sender,
    )
    game.audio.voice = FakeVoice()  # type: ignore[assignment]
    pygame.event.clear()
    game.stack.push(StartScene(game))
    assert should_ask(game)  # first start, and a voice that works
    game.stack.push(VoiceQuestionScene(game))
    player = Player(game, clock)
    player.frame()
    return player


def link_with_code(player: Player, code: str) -> None:
    """Start screen > "Relier mon portfolio": type the code, Enter, wait for the portfolio."""
    player.choose("link")
    assert isinstance(player.top, LinkScene)
    player.focus("code")
    player.type(code.lower())  # typed loosely: the game tidies it up
    player.shot("link-code")
    player.press(pygame.K_RETURN)
    scene = player.top
    assert wait_until(lambda: player.frame() or scene.done, 15), player.texts()
    assert player.shows("C'est fait ! Bonjour Samir.")
    player.shot("link-done")
    player.press(pygame.K_RETURN)  # "Continuer" has the focus
    assert isinstance(player.top, StartScene)
    assert player.shows("Relié au portfolio de Samir.")


def first_steps(player: Player, code: str) -> None:
    """Read-aloud question, link, avatar, every interest card: then the city."""
    game = player.game
    voice = game.audio.voice
    assert isinstance(player.top, VoiceQuestionScene)
    assert isinstance(voice, FakeVoice)
    assert "Voulez-vous que le jeu lise les textes à voix haute ?" in voice.said[-1]
    player.shot("read-aloud-question")
    player.press(pygame.K_DOWN)  # from "Oui" to "Non"
    player.press(pygame.K_RETURN)
    assert game.store.profile().settings.read_aloud is False
    assert isinstance(player.top, StartScene)
    assert player.shows("Pas relié : vos preuves restent sur cet ordinateur.")
    player.shot("start")
    link_with_code(player, code)
    player.choose("play")
    assert isinstance(player.top, AvatarScene)
    player.shot("avatar")
    player.press(pygame.K_RIGHT)
    player.press(pygame.K_RETURN)
    chosen = game.store.profile().settings.avatar
    assert chosen is not None and chosen != "a1"
    assert isinstance(player.top, InterestsScene)
    player.shot("interests-first-card")
    keys = (pygame.K_1, pygame.K_2, pygame.K_3)  # "j'aime", "je n'aime pas", "je ne sais pas"
    for n in range(len(CARDS)):
        player.press(keys[0] if n % 3 != 1 else keys[n % 3])
    assert player.top.done and player.shows("Vous aimez surtout :")
    player.shot("interests-profile")
    player.press(pygame.K_RETURN)  # "C'est bon, je garde" has the focus
    assert game.store.profile().interests


def into_the_trade(player: Player, trade: Trade) -> None:
    """The mentor's welcome, Tab to the district's door, Enter, the trade, its arrival."""
    top = player.top
    assert isinstance(top, StoryScene) and top.title() == "Bienvenue dans la ville"
    assert player.shows("Bonjour ! Moi, c'est Nadia.")
    player.shot("welcome")
    player.press(pygame.K_RETURN)
    assert isinstance(player.top, HubScene)
    player.shot("city")
    player.focus(f"district-{trade.grand_domaine}")  # Tab jumps the avatar from door to door
    assert player.top.at_door() == trade.grand_domaine
    player.shot("city-at-the-door")
    player.press(pygame.K_RETURN)
    assert isinstance(player.top, DistrictScene)
    player.shot("district")
    player.choose(f"trade-{trade.rome}")
    story = trade.story
    assert story is not None
    top = player.top
    assert isinstance(top, StoryScene) and top.title() == f"Premier jour. {trade.intro.title}"
    assert player.shows(story.arrival[0].text)
    player.shot("arrival")
    player.press(pygame.K_RETURN)  # "Commencer la journée"
    assert isinstance(player.top, TradeScene)
    player.shot("trade")


def play_the_task(player: Player, trade: Trade) -> None:
    """The first task, sorted right: the answers come from the task's data."""
    player.choose(f"task-{TASK}")
    scene = player.top
    assert isinstance(scene, SortScene)
    player.shot("task")
    engine = scene.engine
    shown = [c.id for c in engine.categories]  # the bins in the order the screen shows them
    for _ in engine.items:
        item = engine.items[engine.current]
        assert player.shows(item.label)
        player.choose(f"cat-{shown.index(item.category)}")
    # The last item flies into its bin while the column scrolls down to "Valider": it lands on
    # the bin where it is now on screen, not where the bin was before the scroll.
    assert scene.scroll > 0 and scene.focus_key == "confirm"
    player.frame(round(TWEEN_TIME * 60) - 2)
    flying = scene.flight_chip()
    assert flying is not None
    [bin_] = [w for w in scene.focusables if w.key == f"cat-{shown.index(item.category)}"]
    assert bin_.rect.collidepoint(flying[1].center), (bin_.rect, flying[1])
    player.shot("task-sorted")
    player.choose("confirm")
    assert isinstance(player.top, DebriefScene) and player.top.outcome.success
    player.shot("task-debrief")
    player.press(pygame.K_RETURN)
    assert isinstance(player.top, ReflectionScene)
    player.choose("self-2")
    assert isinstance(player.top, TradeScene)
    assert player.shows("Preuve gardée. Elle partira vers votre portfolio.")
    story = trade.story
    assert story is not None and player.shows(story.after_good.text)
    player.shot("trade-after-task")


def pass_the_interview(player: Player, trade: Trade) -> list[str]:
    """The job interview, each time the best answer (read from the interview's data).

    Returns the answers in the order they were given.
    """
    story = trade.story
    assert story is not None and isinstance(story.interview.data, DialogueData)
    assert player.shows("Passer l'entretien d'embauche")
    player.choose("interview")
    scene = player.top
    assert isinstance(scene, DialogueScene)
    engine = scene.engine
    answers: list[str] = []
    whys = 0
    while not engine.finished:
        node = engine.node
        assert player.shows(f"« {node.text} »")
        whys += node.why
        best = max(c.score for c in node.choices)
        index = next(i for i, c in enumerate(engine.choices) if c.score == best)
        answers.append(engine.choices[index].text)
        player.shot(f"interview-{len(answers)}")
        player.choose(f"choice-{index}")
        assert player.shows("Très bien")
        player.shot(f"interview-{len(answers)}-feedback")
        player.choose("continue")
    assert whys == 1 and 3 <= len(answers) <= 4  # one reason step on every path
    debrief = player.top
    assert isinstance(debrief, DebriefScene)
    assert debrief.outcome.result.score == 1.0
    assert debrief.outcome.level == 2  # the reason was right: "J'explique"
    player.shot("interview-debrief")
    player.press(pygame.K_RETURN)
    player.choose("self-2")
    return answers


@pytest.mark.slow
def test_a_new_trainee_plays_from_the_city_to_the_interview_and_the_referent_confirms(
    demo_app: Any, display: None, tmp_path: Path
) -> None:
    from portfolio.extensions import db
    from portfolio.models import Assessment, AssessmentSource, GameStatement

    assets = assets_dir()
    catalogue = load_catalogue(
        assets / "trades",
        load_framework_view(),
        version=load_version(assets / "content.yaml"),
        stories_dir=assets / "story",
    )
    trade = catalogue.trade(ROME)
    story = trade.story
    assert story is not None
    trainee = new_trainee(demo_app)
    with LiveServer(demo_app) as server:
        # The trainee reads the code in Paramètres > Jeu.
        trainee_browser = browser_login(server.url, trainee["login"], PASSWORD)
        page = read(trainee_browser.get(server.url + "/parametres/jeu", timeout=10))
        match = CODE_RE.search(page)
        assert match is not None
        home = tmp_path / "jeu"
        sender = Sender(lambda: open_store(home), poll_interval=0.2, journal_every=3600)
        player = start_game(catalogue, home, server.url, sender)
        sender.start()
        watch = open_store(home)
        try:
            first_steps(player, match.group(1))
            into_the_trade(player, trade)
            play_the_task(player, trade)
            answers = pass_the_interview(player, trade)

            # The end of the day, then back to the city.
            end = player.top
            assert isinstance(end, StoryScene) and end.title() == "Fin de la journée"
            assert player.shows(story.end_of_day.text)
            assert player.shows("Bravo ! Vous avez parlé de vous et du métier")
            assert player.shows(f"Missions faites aujourd'hui : 1 sur {len(trade.tasks)}.")
            player.shot("end-of-day")
            player.press(pygame.K_RETURN)  # "Retour à la ville"
            assert isinstance(player.top, HubScene)
            player.shot("back-in-the-city")

            # The sender delivers both pieces of evidence in the background.
            assert wait_until(lambda: watch.counts()["acknowledged"] == 2), watch.counts()
            interview = f"urn:e2c-jeu:task:{ROME}:{story.interview.id}"
            interview_id = next(
                row.id for row in watch.journal() if row.body["object"]["id"] == interview
            )
        finally:
            watch.close()
            player.game.close()

        # The demo referent opens the game evidence: the interview, its score and its replay.
        with demo_app.app_context():
            pk = db.session.scalar(
                select(GameStatement.id).where(GameStatement.statement_id == interview_id)
            )
        referent_browser = browser_login(server.url, *REFERENT)
        review = read(referent_browser.get(server.url + "/referent/preuves-du-jeu", timeout=10))
        article = re.search(rf'<article[^>]*id="preuve-{pk}".*?</article>', review, re.S)
        assert article is not None
        card = article.group(0)
        assert f"Samir Benali · {story.interview.title}" in card
        assert re.search(r"<dt>Score</dt><dd>100 %</dd>", card)
        replay = re.search(r'<dd class="game-replay">([^<]*)</dd>', card)
        assert replay is not None
        steps = " · ".join(f"{n}. A choisi « {a} » (juste)" for n, a in enumerate(answers, 1))
        assert replay.group(1).startswith(steps + " · aucun indice"), replay.group(1)

        # The referent confirms it.
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review)
        assert csrf is not None
        done = referent_browser.post(
            f"{server.url}/referent/preuves-du-jeu/{pk}/confirmer",
            data={"csrf_token": csrf.group(1)},
            timeout=10,
        )
        assert f"Preuve confirmée : {story.interview.title}" in read(done)
        with demo_app.app_context():
            levels = {
                a.competency_id: a.level
                for a in db.session.scalars(
                    select(Assessment).where(Assessment.trainee_id == trainee["id"])
                )
                if a.source is AssessmentSource.GAME
            }
        assert levels and set(levels) == {ref.id for ref in story.interview.competencies}

        # The trainee's page shows the interview confirmed, the task still awaiting.
        page = read(trainee_browser.get(server.url + "/parametres/jeu", timeout=10))
        items = re.findall(r'<li class="game-status-(\w+)">(.*?)</li>', page, re.S)
        by_title = {_title(body): status for status, body in items}
        assert by_title[story.interview.title] == "confirmed"
        assert by_title[trade.tasks[0].title] == "pending"
        assert "Confirmée par votre référent" in page


def _title(item: str) -> str:
    found = re.search(r"<strong>(?:<a [^>]*>)?([^<]*)", item)
    return found.group(1) if found else ""
