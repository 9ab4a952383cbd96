"""Turn an uploaded or recorded voice file into one safe Ogg/Opus file, or refuse it clearly.

`process_audio` takes the raw bytes and returns Ogg/Opus bytes (mono, 48 kHz, 32 kb/s) and
the duration measured by decoding. Nothing of the original survives: no tags, no cover
picture, no chapters, no second track, no trailing data; only the samples are re-encoded.
Anything we cannot fully trust raises `AudioRejected` with a stable `code` and a short French
message (a `FrenchText` the app translates). No Flask here, like `services.photos`.

Decisions, and why:

* One output format (Ogg/Opus): Chromium and Firefox play it, and iPhone Safari since iOS 17
  (older iPhones play nothing of ours, but record: their MP4/AAC is accepted). Opus at
  32 kb/s keeps a voice clear at a fifth of the size of AAC at phone defaults. Rejected:
  keeping the original (one type to serve, one decoder exposed to the listeners' browsers,
  metadata stripped by construction) and MP3 (worse at low bitrates).
* Content sniffing chooses the demuxer (`sniff`); FFmpeg never probes by itself.
* The duration limit is a parameter (3 minutes for a trace or a reply, 5 for an interview
  answer) and is enforced while decoding (`transcode`): never trust the header.
* Size limit first, before anything is parsed.

    messages    AudioRejection, AudioRejected: what a refusal says
    sniff       what the bytes are, the polyglot check
    transcode   PyAV decode (limit enforced on decoded samples), Opus encode
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .messages import AudioRejected, AudioRejection, FrenchText
from .sniff import check_complete, check_polyglot, sniff_demuxer
from .transcode import OUTPUT_RATE, transcode

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_MAX_BYTES",
    "INTERVIEW_MAX_SECONDS",
    "REPLY_MAX_SECONDS",
    "AudioRejected",
    "AudioRejection",
    "FrenchText",
    "ProcessedAudio",
    "process_audio",
]

CONTENT_TYPE: Final = "audio/ogg"
SUFFIX: Final = ".ogg"
REPLY_MAX_SECONDS: Final = 180
"""A trace's or a reply's recording: 3 minutes."""
INTERVIEW_MAX_SECONDS: Final = 300
"""An interview answer: 5 minutes."""
DEFAULT_MAX_BYTES: Final = 25 * 1024 * 1024
"""A 3-minute WAV at 48 kHz stereo is 33 MB: phones send compressed sound (WebM, MP4)."""
_MIN_SAMPLES: Final = OUTPUT_RATE // 10  # under 0.1 s is a tap, not a recording


@dataclass(frozen=True, slots=True)
class ProcessedAudio:
    """A recording ready to store: Ogg/Opus bytes and its duration, measured by decoding."""

    data: bytes
    duration_ms: int
    source_format: str
    """The demuxer that read the upload ("matroska", "mov", "ogg", "wav"...), for logs."""
    content_type: str = CONTENT_TYPE
    suffix: str = SUFFIX


def process_audio(
    data: bytes | bytearray | memoryview,
    *,
    max_seconds: int = REPLY_MAX_SECONDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ProcessedAudio:
    """Check a voice file and return it re-encoded as Ogg/Opus with its real duration.

    Raises `AudioRejected` for anything that is not a sound recording within the limits;
    `TypeError`/`ValueError` only for programming errors (wrong types, limits below 1).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"process_audio() needs bytes, not {type(data).__name__}")
    for name, value in (("max_seconds", max_seconds), ("max_bytes", max_bytes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    data = bytes(data)
    if not data:
        raise AudioRejected(AudioRejection.EMPTY, detail="zero bytes")
    if len(data) > max_bytes:
        raise AudioRejected(AudioRejection.TOO_LARGE, detail=f"{len(data)} > {max_bytes} bytes")
    demuxer = sniff_demuxer(data)
    check_polyglot(data)
    check_complete(data, demuxer)
    encoded = transcode(data, demuxer, max_seconds)
    if encoded.samples < _MIN_SAMPLES:
        raise AudioRejected(AudioRejection.EMPTY, detail=f"{encoded.samples} samples")
    return ProcessedAudio(
        data=encoded.data,
        duration_ms=round(1000 * encoded.samples / OUTPUT_RATE),
        source_format=demuxer,
    )
