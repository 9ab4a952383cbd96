"""Turn an uploaded file into safe, small photos, or refuse it with one clear error.

`process_photo` takes the raw bytes of an upload and returns a display image and a
thumbnail, both re-encoded as baseline JPEG from pixel data only. Nothing of the original
file survives: no EXIF (GPS, camera, dates), no XMP, no IPTC, no ICC profile, no comment,
no PNG text chunk, no trailing data. Anything we cannot fully trust raises `PhotoRejected`
with a stable `code` (for logs and tests) and a short French message (for the user). This
package imports neither Flask nor the app, so it cannot know the reader's language: the
message is a `FrenchText` that also keeps its message id and placeholders, and the app
shows it translated (`portfolio.trainee.services`).

Decisions, and why (each module's docstring explains its own part):

* Accepted inputs are JPEG, PNG, WebP and HEIC/HEIF (what iPhones and many Android phones
  save), judged by content only (`sniff`). File names and declared content types are
  never looked at.
* Output is always JPEG (quality 85, thumbnails 80). Transparent areas are flattened on
  white. One output format keeps the serving side trivial and every photo small; the only
  loss is transparency, which portfolio photos do not need.
* The container is parsed before Pillow sees it, and Pillow only sees a copy stripped of
  every metadata block (`containers`, `exif` for the orientation, `heif`).
* JPEG is decoded at reduced scale by libjpeg itself (`jpeg_scale`), then shrunk and
  re-encoded from pixels only (`pixels`).
* Size limits are ours, checked on the header before decoding (`limits`).
* Files that are a valid image *and* something else are refused (`polyglot`).

The pipeline, in the order `process_photo` runs it::

    messages    FrenchText, RejectionCode, PhotoRejected: what a refusal says
    limits      byte and pixel limits, checked before any decoding
    sniff       what the bytes are: an accepted format, or a named refusal
    containers  JPEG, PNG, WebP structure walked, metadata cut out (exif: orientation)
    heif        HEIC/HEIF boxes walked, libheif decodes
    polyglot    metadata and trailers scanned for archives, markup and scripts
    decode      Pillow restricted to one format (jpeg_scale: libjpeg's scaled decode)
    pixels      RGB on white, fitted, encoded as JPEG from pixels only
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Final

from .containers import _parse_jpeg, _parse_png, _parse_webp
from .decode import _decode
from .exif import _ORIENTATION_TRANSPOSE
from .heif import _parse_heif
from .limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, _check_pixels, _format_mo
from .messages import FrenchText, PhotoRejected, RejectionCode, _
from .pixels import _encode_jpeg, _fit, _pixels_only
from .polyglot import _check_polyglot
from .sniff import _reject_other, _sniff_accepted

__all__ = [
    "DEFAULT_DISPLAY_LONG_SIDE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_THUMB_LONG_SIDE",
    "FrenchText",
    "PhotoRejected",
    "ProcessedPhoto",
    "RejectionCode",
    "process_photo",
]

DEFAULT_DISPLAY_LONG_SIDE: Final = 1600
DEFAULT_THUMB_LONG_SIDE: Final = 320

DISPLAY_QUALITY: Final = 85
THUMB_QUALITY: Final = 80
OUTPUT_CONTENT_TYPE: Final = "image/jpeg"

_PARSERS: Final = {
    "JPEG": _parse_jpeg,
    "PNG": _parse_png,
    "WEBP": _parse_webp,
    "HEIF": _parse_heif,
}


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    """A photo ready to store: two JPEG files built from pixel data only."""

    display: bytes
    thumbnail: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    sha256: str
    """Hex SHA-256 of `display`."""
    source_format: str
    """What the upload was ("JPEG", "PNG" or "WEBP"), for logs."""
    content_type: str = OUTPUT_CONTENT_TYPE
    suffix: str = ".jpg"


def process_photo(
    data: bytes | bytearray | memoryview,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    display_long_side: int = DEFAULT_DISPLAY_LONG_SIDE,
    thumb_long_side: int = DEFAULT_THUMB_LONG_SIDE,
) -> ProcessedPhoto:
    """Check an uploaded file and return a display JPEG and a thumbnail JPEG.

    Raises `PhotoRejected` for anything that is not a sound, still JPEG, PNG or WebP
    photo within the limits. Raises `TypeError`/`ValueError` only for programming errors
    (wrong argument types, non-positive limits).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"process_photo() needs bytes, not {type(data).__name__}")
    for name, value in (
        ("max_bytes", max_bytes),
        ("max_pixels", max_pixels),
        ("display_long_side", display_long_side),
        ("thumb_long_side", thumb_long_side),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    size = data.nbytes if isinstance(data, memoryview) else len(data)
    if not size:
        raise PhotoRejected(RejectionCode.EMPTY)
    if size > max_bytes:
        raise PhotoRejected(
            RejectionCode.TOO_LARGE,
            _("La photo est trop lourde (maximum %(size)s Mo).", size=_format_mo(max_bytes)),
            detail=f"{size} bytes > {max_bytes}",
        )
    data = bytes(data) if not isinstance(data, bytes) else data

    fmt = _sniff_accepted(data)
    if fmt is None:
        raise _reject_other(data)
    container = _PARSERS[fmt](data)
    _check_polyglot(data, container)
    if container.animated:
        raise PhotoRejected(RejectionCode.ANIMATED, detail=f"animated {fmt}")
    _check_pixels(container.width, container.height, len(data), max_pixels)

    transpose = _ORIENTATION_TRANSPOSE.get(container.orientation)
    # One expression, so the decoded image and the stripped copy are freed early.
    display = _fit(_decode(container, max_pixels, display_long_side), display_long_side)
    del container
    if transpose is not None:
        display = display.transpose(transpose)
    display = _pixels_only(display)
    thumb = _pixels_only(_fit(display, thumb_long_side))

    display_bytes = _encode_jpeg(display, DISPLAY_QUALITY)
    thumb_bytes = _encode_jpeg(thumb, THUMB_QUALITY)
    return ProcessedPhoto(
        display=display_bytes,
        thumbnail=thumb_bytes,
        width=display.width,
        height=display.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        sha256=hashlib.sha256(display_bytes).hexdigest(),
        source_format=fmt,
    )
