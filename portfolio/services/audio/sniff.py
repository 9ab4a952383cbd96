"""What the bytes are: a recording container we open, or a refusal. Content only.

File names and declared content types are never looked at: the magic bytes choose the one
FFmpeg demuxer allowed to read the file (`decode` forces it, so FFmpeg's own probing, which
knows hundreds of formats, never picks something else). Accepted: WebM/Matroska (Chromium's
and Firefox's MediaRecorder), MP4/M4A/3GP (iPhone's MediaRecorder and voice memos), Ogg
(Opus, Vorbis), WAV, MP3, FLAC. Anything else is refused before FFmpeg sees it.

Polyglots: a recording that also carries a web page, a script or a ZIP archive (whose
directory sits at the end of the file) is refused, as photos are. The output is re-encoded
from samples only, so nothing of the input would survive anyway; refusing says plainly to the
person (or the tool) who built such a file that it is not welcome.
"""

from __future__ import annotations

import re
from typing import Final

from .messages import AudioRejected, AudioRejection

# magic prefix test -> FFmpeg demuxer name
_EBML: Final = b"\x1a\x45\xdf\xa3"


def sniff_demuxer(data: bytes) -> str:
    """The FFmpeg demuxer for ``data``, or raise `AudioRejected` naming what it is not."""
    head = data[:64]
    if head.startswith(_EBML):
        return "matroska"  # WebM is Matroska for FFmpeg
    if head.startswith(b"OggS"):
        return "ogg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"fLaC"):
        return "flac"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mov"  # MP4, M4A, 3GP, MOV: video tracks are refused after opening
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"  # an ID3 tag, or an MPEG audio layer III frame sync
    raise AudioRejected(AudioRejection.NOT_AUDIO, detail=_describe(data))


_MARKUP: Final = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg|\?php|\?xml)[\s>/]",
    re.IGNORECASE,
)


def _describe(data: bytes) -> str:
    """An English note for the logs: what the refused file looks like."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"pk\x03\x04", b"pk\x05\x06")):
        return "ZIP archive"
    if head.startswith(b"%pdf-"):
        return "PDF"
    if _MARKUP.search(head) or head.startswith(b"<"):
        return "markup (HTML, SVG, XML)"
    if head.startswith((b"\xff\xd8\xff", b"\x89png", b"gif8")):
        return "image"
    return "unknown content"


def check_polyglot(data: bytes) -> None:
    """Refuse a recording that also holds markup, a script or a ZIP archive."""
    if _MARKUP.search(data):
        raise AudioRejected(AudioRejection.POLYGLOT, detail="markup inside a recording")
    tail = data[-(65_535 + 22) :]
    end = tail.rfind(b"PK\x05\x06")
    # A ZIP's end-of-directory record, and a local file header before it: a 4-byte match in
    # compressed sound is possible, both with a sane directory size is not.
    if end >= 0 and b"PK\x03\x04" in data and len(tail) - end >= 22:
        raise AudioRejected(AudioRejection.POLYGLOT, detail="ZIP archive inside a recording")


def check_complete(data: bytes, demuxer: str) -> None:
    """Refuse a WAV or Ogg file cut short (FFmpeg would quietly decode what is left).

    WebM from MediaRecorder declares no sizes, so a cut one cannot be told from a short
    one; MP4 cut short loses its index and does not open (`transcode`).
    """
    if demuxer == "wav":
        _check_wav(data)
    elif demuxer == "ogg":
        _check_ogg(data)


def _check_wav(data: bytes) -> None:
    pos = 12
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk == b"data":
            # 0 and 0xFFFFFFFF: "size unknown" (written by a recorder that could not seek).
            if size not in (0, 0xFFFFFFFF) and pos + 8 + size > len(data):
                raise AudioRejected(AudioRejection.CORRUPT, detail="WAV data cut short")
            return
        pos += 8 + size + (size & 1)
    raise AudioRejected(AudioRejection.CORRUPT, detail="WAV without data")


def _check_ogg(data: bytes) -> None:
    last = data.rfind(b"OggS")
    if last < 0 or last + 27 > len(data):
        raise AudioRejected(AudioRejection.CORRUPT, detail="Ogg page cut short")
    segments = data[last + 26]
    table = data[last + 27 : last + 27 + segments]
    complete = len(table) == segments and last + 27 + segments + sum(table) == len(data)
    if not complete or not data[last + 5] & 0x04:  # the last page ends the stream
        raise AudioRejected(AudioRejection.CORRUPT, detail="Ogg stream cut short")
