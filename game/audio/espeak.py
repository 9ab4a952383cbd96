"""eSpeak NG through ctypes: text in, 16-bit mono PCM out (no sound device involved).

The library and its data come from the ``espeakng-loader`` wheel (libespeak-ng plus
``espeak-ng-data``). It is driven in AUDIO_OUTPUT_SYNCHRONOUS mode: ``espeak_Synth`` returns
once the synth callback has received every sample. eSpeak keeps global state, so one
:func:`_library` initialises it once per process (initialising twice crashes it), and every
call goes through one lock; each synthesis installs its own callback.
"""

from __future__ import annotations

import ctypes
import threading
from array import array
from dataclasses import dataclass

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
CHARS_UTF8 = 1
ENDPAUSE = 0x1000
PARAM_RATE = 1
EE_OK = 0

# int callback(short *wav, int numsamples, espeak_EVENT *events); 0 = go on.
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class SpeechUnavailable(RuntimeError):
    """The voice cannot work here (library missing or refusing to start)."""


@dataclass(frozen=True, slots=True)
class Pcm:
    """Signed 16-bit mono samples and their rate."""

    samples: array  # array("h")
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def _paths() -> tuple[str, str]:
    try:
        import espeakng_loader
    except ImportError as exc:
        raise SpeechUnavailable("espeakng-loader is not installed") from exc
    return espeakng_loader.get_library_path(), espeakng_loader.get_data_path()


_LOCK = threading.Lock()
_LIBRARY: tuple[ctypes.CDLL, int] | None = None


def _library() -> tuple[ctypes.CDLL, int]:
    """The library, initialised once for the whole process, and its sample rate."""
    global _LIBRARY
    with _LOCK:
        if _LIBRARY is None:
            _LIBRARY = _load()
        return _LIBRARY


def _load() -> tuple[ctypes.CDLL, int]:
    library, data = _paths()
    try:
        lib = ctypes.CDLL(library)
    except OSError as exc:
        raise SpeechUnavailable(f"cannot load {library}: {exc}") from exc
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), 0)
    if rate <= 0:
        raise SpeechUnavailable(f"espeak_Initialize failed ({rate})")
    return lib, rate


class Espeak:
    """The process's eSpeak NG; :meth:`synth` turns text into :class:`Pcm`."""

    def __init__(self) -> None:
        self._lib, self.rate = _library()
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept alive as long as this object

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def synth(self, text: str, *, voice: str = "fr", words_per_minute: int = 150) -> Pcm:
        """The whole utterance as PCM (blocks: run it off the main thread)."""
        with _LOCK:
            self._lib.espeak_SetSynthCallback(self._callback)
            if self._lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
                raise SpeechUnavailable(f"no eSpeak voice {voice!r}")
            self._lib.espeak_SetParameter(PARAM_RATE, words_per_minute, 0)
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            status = self._lib.espeak_Synth(
                data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8 | ENDPAUSE, None, None
            )
            if status != EE_OK:
                raise SpeechUnavailable(f"espeak_Synth failed ({status})")
            samples = array("h")
            samples.frombytes(b"".join(self._chunks))
            self._chunks = []
        return Pcm(samples, self.rate)
