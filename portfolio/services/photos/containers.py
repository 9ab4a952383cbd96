"""Walk the JPEG, PNG and WebP structure and cut every metadata block out of it.

The container is parsed here, before Pillow sees it. That gives us the true image size
before any pixel is decoded, lets us find the end of the image (to judge trailing data),
and lets us hand Pillow a copy stripped of every metadata block. Pillow therefore never
parses EXIF, ICC, XMP, MPF or PNG text chunks from an upload (zTXt/iCCP "bombs" cannot
fire), and the output cannot inherit any of it. The payloads of the blocks cut out are
kept aside for the polyglot scan (`polyglot`). HEIF is walked in `heif`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Final, Literal

from .exif import _exif_orientation
from .messages import _corrupt

_Format = Literal["JPEG", "PNG", "WEBP", "HEIF"]

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class _Container:
    """What we learned from the file structure, before any pixel is decoded."""

    fmt: _Format
    width: int
    height: int
    core: bytes
    """The image stream with every metadata block removed: the only bytes Pillow sees."""
    end: int
    """Offset just after the image end marker; what follows is trailing data."""
    orientation: int
    animated: bool
    metadata: tuple[bytes, ...]
    """Payloads of metadata blocks (scanned for markup, then dropped)."""


# JPEG start-of-frame markers (SOF0..SOF15 less DHT, JPG and DAC).
_JPEG_SOF: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SOS: Final = 0xDA
_JPEG_EOI: Final = 0xD9
_JPEG_APP0: Final = 0xE0
_JPEG_APP14: Final = 0xEE  # "Adobe": tells libjpeg how to read colours (CMYK, YCCK)
_JPEG_COM: Final = 0xFE
# In entropy-coded data, 0xFF is followed by 0x00 (stuffing), RSTn or more 0xFF (fill):
# anything else is a real marker.
_JPEG_MARKER_IN_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _parse_jpeg(data: bytes) -> _Container:
    n = len(data)
    pos = 2
    kept: list[bytes] = [b"\xff\xd8"]
    metadata: list[bytes] = []
    width = height = 0
    orientation = 1

    # Header segments, up to the first start-of-scan.
    while True:
        if pos >= n or data[pos] != 0xFF:
            raise _corrupt("JPEG: expected a marker in the header")
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos + 2 >= n:
            raise _corrupt("JPEG: header ends early")
        marker = data[pos]
        pos += 1
        if marker == _JPEG_EOI or marker == 0x00 or 0xD0 <= marker <= 0xD8:
            raise _corrupt(f"JPEG: unexpected marker {marker:#04x} in header")
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > n:
            raise _corrupt("JPEG: segment runs past the end of the file")
        payload = data[pos + 2 : pos + length]
        segment_start = pos - 2
        pos += length
        if marker in _JPEG_SOF:
            if width or len(payload) < 6:
                raise _corrupt("JPEG: bad or repeated frame header")
            height = int.from_bytes(payload[1:3], "big")
            width = int.from_bytes(payload[3:5], "big")
            if not width or not height:
                raise _corrupt("JPEG: zero width or height")
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            orientation = _exif_orientation(payload[6:])
        if (0xE1 <= marker <= 0xEF and marker != _JPEG_APP14) or marker == _JPEG_COM:
            metadata.append(payload)
            continue
        if marker == _JPEG_SOS:
            scan_start = segment_start
            break
        kept.append(b"\xff" + bytes((marker,)) + data[pos - length : pos])
    if not width:
        raise _corrupt("JPEG: no frame header before the scan")

    # Entropy-coded data and later segments (progressive scans, DHT...), up to EOI.
    while True:
        match = _JPEG_MARKER_IN_SCAN.search(data, pos)
        if match is None:
            raise _corrupt("JPEG: no end-of-image marker (truncated file)")
        marker = data[match.end() - 1]
        pos = match.end()
        if marker == _JPEG_EOI:
            end = pos
            break
        if pos + 2 > n:
            raise _corrupt("JPEG: segment header runs past the end of the file")
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > n:
            raise _corrupt("JPEG: segment runs past the end of the file")
        if 0xE0 <= marker <= 0xEF or marker == _JPEG_COM:
            metadata.append(data[pos + 2 : pos + length])
        pos += length

    core = b"".join([*kept, memoryview(data)[scan_start:end]])
    return _Container("JPEG", width, height, core, end, orientation, False, tuple(metadata))


# Chunks Pillow needs to draw a still PNG; everything else is metadata and is dropped.
_PNG_KEPT: Final = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"})
_PNG_MAX_CHUNK: Final = 2**31 - 1


def _parse_png(data: bytes) -> _Container:
    n = len(data)
    pos = len(_PNG_SIGNATURE)
    kept: list[bytes] = [_PNG_SIGNATURE]
    metadata: list[bytes] = []
    width = height = 0
    orientation = 1
    animated = False
    first = True
    while True:
        if pos + 12 > n:
            raise _corrupt("PNG: no IEND chunk (truncated file)")
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if length > _PNG_MAX_CHUNK or pos + 12 + length > n:
            raise _corrupt("PNG: chunk runs past the end of the file")
        body = data[pos + 8 : pos + 8 + length]
        crc = int.from_bytes(data[pos + 8 + length : pos + 12 + length], "big")
        if zlib.crc32(body, zlib.crc32(kind)) != crc:
            raise _corrupt(f"PNG: bad checksum on chunk {kind!r}")
        chunk_end = pos + 12 + length
        if first:
            if kind != b"IHDR" or length != 13:
                raise _corrupt("PNG: first chunk is not IHDR")
            width = int.from_bytes(body[0:4], "big")
            height = int.from_bytes(body[4:8], "big")
            if not width or not height:
                raise _corrupt("PNG: zero width or height")
            first = False
        if kind in _PNG_KEPT:
            kept.append(data[pos:chunk_end])
        elif kind[:1].isupper() or not kind.isalpha():
            # Unknown critical chunk: a decoder must not guess.
            raise _corrupt(f"PNG: unknown critical chunk {kind!r}")
        else:
            metadata.append(body)
            if kind == b"eXIf":
                orientation = _exif_orientation(body)
            elif kind == b"acTL" and length >= 4:
                animated = int.from_bytes(body[0:4], "big") > 1
        pos = chunk_end
        if kind == b"IEND":
            break
    core = b"".join(kept)
    return _Container("PNG", width, height, core, pos, orientation, animated, tuple(metadata))


_VP8X_ANIMATION: Final = 0x02
_VP8X_ALPHA: Final = 0x10


def _parse_webp(data: bytes) -> _Container:
    n = len(data)
    riff_size = int.from_bytes(data[4:8], "little")
    end = 8 + riff_size
    if riff_size < 4 or end > n:
        raise _corrupt("WebP: RIFF size runs past the end of the file (truncated file)")
    pos = 12
    chunks: list[tuple[bytes, bytes]] = []
    while pos < end:
        if pos + 8 > end:
            raise _corrupt("WebP: chunk header runs past the RIFF end")
        kind = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if pos + 8 + size > end:
            raise _corrupt(f"WebP: chunk {kind!r} runs past the RIFF end")
        chunks.append((kind, data[pos + 8 : pos + 8 + size]))
        pos += 8 + size + (size & 1)
    if not chunks:
        raise _corrupt("WebP: no chunk")

    metadata: list[bytes] = []
    orientation = 1
    animated = False
    flags = 0
    canvas: tuple[int, int] | None = None
    alpha: bytes | None = None
    image: tuple[bytes, bytes] | None = None
    for kind, body in chunks:
        if kind == b"VP8X":
            if canvas is not None or len(body) < 10:
                raise _corrupt("WebP: bad VP8X chunk")
            flags = body[0]
            canvas = (
                int.from_bytes(body[4:7], "little") + 1,
                int.from_bytes(body[7:10], "little") + 1,
            )
            animated = animated or bool(flags & _VP8X_ANIMATION)
        elif kind in (b"ANIM", b"ANMF"):
            animated = True
        elif kind == b"ALPH" and image is None:
            alpha = body
        elif kind in (b"VP8 ", b"VP8L"):
            if image is not None:
                animated = True  # a second bitstream outside ANMF: not a still image
            else:
                image = (kind, body)
        else:
            metadata.append(body)
            if kind == b"EXIF":
                orientation = _exif_orientation(body.removeprefix(b"Exif\x00\x00"))
    if animated:
        return _Container("WEBP", 1, 1, b"", end, 1, True, tuple(metadata))
    if image is None:
        raise _corrupt("WebP: no image bitstream")
    kind, body = image
    width, height = _webp_bitstream_size(kind, body)
    if canvas is not None and canvas != (width, height):
        raise _corrupt("WebP: canvas and bitstream sizes differ")

    # Rebuild the smallest container that still decodes the same: VP8L carries its own
    # size and alpha; lossy VP8 needs VP8X only to attach an ALPH (alpha) chunk.
    parts: list[bytes] = []
    if kind == b"VP8 " and alpha is not None and flags & _VP8X_ALPHA:
        vp8x = bytes((_VP8X_ALPHA, 0, 0, 0))
        vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        parts += [_riff_chunk(b"VP8X", vp8x), _riff_chunk(b"ALPH", alpha)]
    parts.append(_riff_chunk(kind, body))
    payload = b"WEBP" + b"".join(parts)
    core = b"RIFF" + len(payload).to_bytes(4, "little") + payload
    return _Container("WEBP", width, height, core, end, orientation, False, tuple(metadata))


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    pad = b"\x00" if len(body) & 1 else b""
    return kind + len(body).to_bytes(4, "little") + body + pad


def _webp_bitstream_size(kind: bytes, body: bytes) -> tuple[int, int]:
    if kind == b"VP8 ":
        if len(body) < 10 or body[3:6] != b"\x9d\x01\x2a":
            raise _corrupt("WebP: bad VP8 frame header")
        width = int.from_bytes(body[6:8], "little") & 0x3FFF
        height = int.from_bytes(body[8:10], "little") & 0x3FFF
    else:
        if len(body) < 5 or body[0] != 0x2F:
            raise _corrupt("WebP: bad VP8L header")
        bits = int.from_bytes(body[1:5], "little")
        width = (bits & 0x3FFF) + 1
        height = ((bits >> 14) & 0x3FFF) + 1
    if not width or not height:
        raise _corrupt("WebP: zero width or height")
    return width, height
