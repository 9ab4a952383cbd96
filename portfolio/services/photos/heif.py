"""HEIC/HEIF (what iPhones and many Android phones save), read by libheif.

HEIF is decoded by libheif (pillow-heif, used directly: Pillow's global list of formats
is left alone), which applies the file's own rotation and mirror boxes; its metadata is
not cut out first (see `_parse_heif`), but never reaches the output either. HEIF image
sequences are refused as animations.
"""

from __future__ import annotations

import io
from typing import Final

import pillow_heif
from PIL import Image

from .containers import _Container
from .messages import _corrupt
from .pixels import _to_rgb

# Top-level boxes of a HEIF file (ISO base media format). "moov" holds a timed sequence:
# an animation or burst, not a still photo.
_HEIF_BOXES: Final = frozenset(
    {b"ftyp", b"meta", b"mdat", b"free", b"skip", b"uuid", b"wide", b"pdin", b"moov", b"idat"}
)


def _parse_heif(data: bytes) -> _Container:
    """Walk the top-level boxes, then ask libheif for the primary image's size.

    Unlike JPEG, PNG and WebP, the file is not rebuilt without its metadata: Exif and XMP
    are items inside the "meta" box, placed anywhere in "mdat", and cutting them out would
    mean rewriting item locations. libheif reads them; the output, built from decoded
    pixels only, never carries them. The "meta" box (small, no pixel data) is scanned for
    markup like other metadata blocks; "mdat" is not (short patterns occur by chance in
    compressed data).
    """
    n = len(data)
    pos = 0
    metadata: list[bytes] = []
    seen: set[bytes] = set()
    while pos + 8 <= n:
        kind = data[pos + 4 : pos + 8]
        if kind not in _HEIF_BOXES:
            break  # trailing data: judged by the polyglot checks
        size, header = int.from_bytes(data[pos : pos + 4], "big"), 8
        if size == 1:
            if pos + 16 > n:
                raise _corrupt("HEIF: box header runs past the end")
            size, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif size == 0:  # "to the end of the file"
            size = n - pos
        if size < header or pos + size > n:
            raise _corrupt(f"HEIF: box {kind!r} runs past the end of the file (truncated file)")
        if kind == b"meta":
            metadata.append(data[pos + header : pos + size])
        seen.add(kind)
        pos += size
    if b"meta" not in seen or b"ftyp" not in seen:
        raise _corrupt("HEIF: no ftyp or meta box")
    if b"moov" in seen:
        return _Container("HEIF", 1, 1, b"", pos, 1, True, tuple(metadata))
    core = data[:pos]
    try:
        heif = pillow_heif.open_heif(io.BytesIO(core))
        width, height = heif.size  # after libheif's rotation and mirror (irot, imir)
    except Exception as error:  # libheif refuses hostile input with several types
        raise _corrupt(f"HEIF: libheif cannot read it: {type(error).__name__}: {error}") from error
    # Orientation 1: libheif turns the picture itself (irot, imir); the Exif orientation
    # of a HEIF file only repeats it, and applying it too would turn the photo twice.
    return _Container("HEIF", width, height, core, pos, 1, False, tuple(metadata))


def _decode_heif(container: _Container) -> Image.Image:
    """Decode the primary image of a HEIF file (8 bits per channel) into RGB.

    Several top-level images (a burst saved as one file, or a stereo pair) give the primary
    one, as a multi-picture JPEG gives its first picture. The size and the pixel limit were
    checked on libheif's own reading (`_parse_heif`), so there is no second view to compare.
    """
    try:
        heif = pillow_heif.open_heif(io.BytesIO(container.core), convert_hdr_to_8bit=True)
        return _to_rgb(heif.to_pillow())
    except Exception as error:
        raise _corrupt(f"HEIF: decoder failed: {type(error).__name__}: {error}") from error


# The scales libjpeg decodes at, in eighths of the full size (see `_decode_at_scale`).
# Pillow hands libjpeg a scale of 1/denominator, and libjpeg uses the smallest M/8 at least
