"""Voice and sound: the real eSpeak NG voice, the cache, the first question, read-aloud on
focus, the sound settings, the effects, and a game with no sound device at all."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame
import pytest
from game_driver import Driver, FakeVoice
from test_game_scenes import one_trade, open_task, play_perfectly

from game.audio.espeak import Espeak, Pcm
from game.audio.mixer import VOICE_CHANNEL, Mixer, to_mixer_bytes
from game.audio.sounds import PEAK, all_sounds
from game.audio.speech import Voice, shared_engine
from game.audio.system import Audio
from game.core.content import Catalogue
from game.core.framework import FrameworkView
from game.core.store import Settings, open_store
from game.scenes.debrief import DebriefScene, ReflectionScene
from game.scenes.settings import SettingsScene
from game.scenes.start import StartScene
from game.scenes.voice_question import VoiceQuestionScene, should_ask

MakeGame = Callable[..., Driver]
INSTRUCTION = "Lisez la consigne, puis rangez chaque produit dans le bon bac avant de valider."
SHOTS = Path("test-output/screenshots/game")


def rms(samples: array) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def done_now(job: Callable[[], Any]) -> Future[Any]:
    """A submit that runs the job at once (the game's own runs it in a worker thread)."""
    future: Future[Any] = Future()
    future.set_result(job())
    return future


class CountingEngine:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.real = shared_engine()

    def synth(self, text: str, *, voice: str = "fr", words_per_minute: int = 150) -> Pcm:
        self.texts.append(text)
        assert self.real is not None
        return self.real.synth(text, voice=voice, words_per_minute=words_per_minute)


class RecordingMixer(Mixer):
    def __init__(self) -> None:
        super().__init__()
        self.voiced: list[Any] = []

    def play_voice(self, sound: Any) -> None:
        self.voiced.append(sound)
        super().play_voice(sound)


def fake_voice(driver: Driver, *, read_aloud: bool | None) -> FakeVoice:
    voice = FakeVoice()
    game = driver.game
    game.audio.voice = voice
    game.save_settings(replace(game.profile.settings, read_aloud=read_aloud))
    return voice


def save_shot(driver: Driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    surface = pygame.Surface((1280, 720))
    driver.top.draw(surface)
    pygame.image.save(surface, str(SHOTS / f"{name}.png"))


# -- the voice itself ---------------------------------------------------------------------------


def test_a_french_sentence_becomes_audible_speech_of_a_plausible_length() -> None:
    engine = Espeak()  # the library is a dependency: no skip when it is missing
    pcm = engine.synth(INSTRUCTION, voice="fr", words_per_minute=150)
    words = len(INSTRUCTION.split())
    assert pcm.rate > 8000
    # 150 words a minute is 0.4 s a word; eSpeak adds pauses at commas and the end.
    assert 0.25 * words < pcm.seconds < 0.8 * words
    assert rms(pcm.samples) > 800  # speech, not silence or a click
    slow = engine.synth(INSTRUCTION, voice="fr", words_per_minute=115)
    assert slow.seconds > pcm.seconds * 1.15  # "lente" is really slower


def test_the_same_text_is_synthesised_once_then_played_from_the_cache() -> None:
    mixer = RecordingMixer()
    assert mixer.start()
    engine = CountingEngine()
    voice = Voice(mixer, done_now, engine)
    voice.say("Bonjour, on commence ?")
    voice.pump()
    voice.say("Bonjour, on commence ?")
    voice.pump()
    assert engine.texts == ["Bonjour, on commence ?"]
    assert len(mixer.voiced) == 2 and mixer.voiced[0] is mixer.voiced[1]
    assert mixer.voiced[0].get_length() > 0.5


def test_moving_on_quickly_reads_only_the_last_text() -> None:
    mixer = RecordingMixer()
    mixer.start()
    jobs: list[tuple[Future[Any], Callable[[], Any]]] = []

    def later(job: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        jobs.append((future, job))
        return future

    voice = Voice(mixer, later, CountingEngine())
    voice.say("Premier bouton")
    voice.say("Deuxième bouton")
    assert voice.busy
    for future, job in jobs:
        future.set_result(job())
    voice.pump()
    assert len(mixer.voiced) == 1
    assert voice.last_said == "Deuxième bouton"


def test_speech_and_sounds_fit_the_mixer_format() -> None:
    sound = array("h", [0, 1000, -1000, 500])
    wide = array("h")
    wide.frombytes(to_mixer_bytes(sound, 22050, 44100, 2))
    assert len(wide) == 2 * 8  # twice the rate, two channels
    assert wide[0] == wide[1] and wide[-2] == 500  # both channels, ends where it ended


def test_the_effects_are_short_audible_and_never_loud() -> None:
    sounds = all_sounds()
    assert set(sounds) == {"click", "right", "wrong", "done", "level"}
    for name, samples in sounds.items():
        seconds = len(samples) / 22050
        assert 0.03 < seconds < 1.0, name
        assert max(abs(s) for s in samples) <= PEAK * 32767 + 1, name
        assert rms(samples) > 300, name
        assert abs(samples[-1]) < 0.05 * 32767, name  # fades out: no click at the end


# -- where it is used ---------------------------------------------------------------------------


def test_the_first_start_asks_and_saves_the_answer(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    game = driver.game
    voice = FakeVoice()
    game.audio.voice = voice
    assert game.profile.settings.read_aloud is None and should_ask(game)
    game.stack.push(VoiceQuestionScene(game))
    driver.frame()
    save_shot(driver, "voice-question")
    assert "Voulez-vous que le jeu lise les textes à voix haute ?" in voice.said[-1]
    assert driver.top.focus_key == "yes"  # Enter alone says yes
    driver.press(pygame.K_ESCAPE)
    assert isinstance(driver.top, VoiceQuestionScene)  # it needs an answer
    driver.press(pygame.K_DOWN)
    assert voice.said[-1].startswith("Non")  # the answers are read even before the choice
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, StartScene)
    assert game.store.profile().settings.read_aloud is False
    assert not should_ask(game)
    game.save_settings(replace(game.profile.settings, read_aloud=None))
    game.stack.push(VoiceQuestionScene(game))
    driver.frame()
    driver.press(pygame.K_RETURN)
    assert game.store.profile().settings.read_aloud is True
    assert game.audio.read_aloud


def test_read_aloud_reads_the_focused_item_when_the_focus_moves(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    voice = fake_voice(driver, read_aloud=True)
    driver.top.enter()  # the start screen is announced like any new screen
    driver.frame()
    assert voice.said[-1].startswith("Les métiers en jeu.")
    said = len(voice.said)
    driver.press(pygame.K_TAB)
    assert len(voice.said) == said + 1
    assert voice.said[-1] == driver.top.focused.label + "."
    driver.frame(5)  # nothing moves: nothing more is said
    assert len(voice.said) == said + 1

    driver.game.save_settings(replace(driver.game.profile.settings, read_aloud=False))
    driver.press(pygame.K_TAB)
    assert len(voice.said) == said + 1  # off: silent
    driver.press(pygame.K_l)  # but "Écouter" always reads
    assert voice.said[-1].startswith("Les métiers en jeu. Les métiers en jeu. Découvrez")
    assert driver.top.focused.label in voice.said[-1]


def test_a_task_reads_its_instructions_when_it_opens_and_its_answers_sound(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "quiz"))
    voice = fake_voice(driver, read_aloud=True)
    played: list[str] = []
    driver.game.audio.play = played.append
    scene = open_task(driver, "quiz")
    assert scene.run.task.instructions in voice.said[-1]
    assert scene.engine.question.prompt in voice.said[-1]
    save_shot(driver, "task-with-listen")
    wrong = (scene.engine.right_option + 1) % len(scene.engine.options)
    driver.choose(f"option-{wrong}")
    assert played[-1] == "wrong"
    assert scene.engine.question.explanation in voice.said[-1]
    driver.choose("continue")
    while not scene.engine.finished:
        driver.choose(f"option-{scene.engine.right_option}")
        assert played[-1] == "right"
        driver.choose("continue")
    assert isinstance(driver.top, DebriefScene)
    assert played[-1] == "done"


def test_a_level_gained_plays_its_sound(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "form"))
    played: list[str] = []
    driver.game.audio.play = played.append
    play_perfectly(driver, open_task(driver, "form"))
    driver.choose("continue")
    assert isinstance(driver.top, ReflectionScene)
    driver.choose("self-1")
    assert played[-1] == "level"
    played.clear()
    play_perfectly(driver, open_task_again(driver))
    driver.choose("continue")
    driver.choose("self-1")
    assert "level" not in played  # the same level again is no gain


def open_task_again(driver: Driver) -> Any:
    driver.choose("task-tache-form")
    return driver.top


# -- settings and devices -----------------------------------------------------------------------


def test_volume_and_mute_apply_to_the_mixer_and_are_saved(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    game = driver.game
    assert game.audio.mixer.available
    driver.choose("settings")
    assert isinstance(driver.top, SettingsScene)
    assert driver.shows("Volume : 80 %")
    driver.choose("quieter")
    driver.press(pygame.K_RETURN)
    assert driver.shows("Volume : 60 %")
    assert game.audio.mixer.level == pytest.approx(0.6)
    assert pygame.mixer.Channel(VOICE_CHANNEL).get_volume() == pytest.approx(0.6, abs=0.01)
    driver.choose("mute")
    assert game.audio.mixer.level == 0
    assert pygame.mixer.Channel(VOICE_CHANNEL).get_volume() == 0
    driver.choose("read-aloud")
    driver.choose("speed-slow")
    save_shot(driver, "settings-sound")
    saved = open_store(game.options.home).profile().settings
    assert (saved.volume, saved.muted, saved.read_aloud, saved.voice_speed) == (
        60,
        True,
        True,
        "slow",
    )
    driver.choose("mute")
    assert game.audio.mixer.level == pytest.approx(0.6)
    driver.focus("louder")
    for _ in range(6):  # 60 -> 100, then the button is off
        driver.press(pygame.K_RETURN)
    assert game.store.profile().settings.volume == 100
    assert not driver.top.focused.enabled


def test_bad_sound_settings_in_the_save_come_back_in_range() -> None:
    settings = Settings(volume=37, voice_speed="fast", read_aloud=1).checked()  # type: ignore[arg-type]
    assert (settings.volume, settings.voice_speed, settings.read_aloud) == (40, "normal", True)
    assert Settings(volume=250).checked().volume == 100
    assert Settings().read_aloud is None  # never asked yet


def test_the_game_runs_without_a_sound_device(
    make_game: MakeGame, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_device(**_kwargs: Any) -> None:
        raise pygame.error("No available audio device")

    audio = Audio.start(done_now, init=no_device)
    assert not audio.mixer.available and not audio.voice.is_available
    audio.play("right")
    audio.say("Bonjour")
    audio.pump()
    driver = make_game(catalogue)
    driver.game.audio = audio
    driver.game.save_settings(replace(driver.game.profile.settings, read_aloud=True))
    assert not should_ask(driver.game)  # nothing to ask when the voice cannot speak
    driver.top.invalidate()
    driver.press(pygame.K_l)
    driver.choose("settings")
    assert driver.shows("Pas de son sur cet ordinateur. Tout reste écrit.")
    driver.press(pygame.K_ESCAPE)
    driver.press(pygame.K_RETURN)  # play: the game goes on, silently
    assert not isinstance(driver.top, StartScene)


def test_the_real_voice_speaks_from_a_worker_thread_while_the_game_runs(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    import time

    driver = make_game(catalogue)
    game = driver.game
    assert game.audio.voice.is_available
    game.save_settings(replace(game.profile.settings, read_aloud=True))
    driver.press(pygame.K_TAB)
    label = driver.top.focused.label
    deadline = time.monotonic() + 10
    while not pygame.mixer.Channel(VOICE_CHANNEL).get_busy() and time.monotonic() < deadline:
        driver.frame()  # the loop never waits for the synthesis
    assert pygame.mixer.Channel(VOICE_CHANNEL).get_busy()
    assert game.audio.voice.last_said == label + "."
    driver.press(pygame.K_l)  # "Écouter" while it speaks: silence
    assert not pygame.mixer.Channel(VOICE_CHANNEL).get_busy()


def test_without_the_voice_library_the_settings_say_so_and_nothing_is_asked(
    make_game: MakeGame, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from game.audio import espeak

    monkeypatch.setitem(sys.modules, "espeakng_loader", None)  # import fails
    monkeypatch.setattr(espeak, "_LIBRARY", None)
    with pytest.raises(espeak.SpeechUnavailable):
        Espeak()
    driver = make_game(catalogue)
    game = driver.game
    game.audio.voice = Voice(game.audio.mixer, game.submit, None)
    game.save_settings(replace(game.profile.settings, read_aloud=True))
    assert not should_ask(game) and not game.audio.read_aloud
    driver.choose("settings")
    assert driver.shows("La voix n'est pas disponible sur cet ordinateur. Tout reste écrit.")
    assert driver.shows("Volume : 80 %")  # the sounds still work
    assert "read-aloud" not in [w.key for w in driver.top.focusables]
    driver.press(pygame.K_l)  # nothing to say it with: nothing happens
