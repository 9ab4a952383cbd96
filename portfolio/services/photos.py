"""Turn an uploaded file into safe, small photos, or refuse it with one clear error.

`process_photo` takes the raw bytes of an upload and returns a display image and a
thumbnail, both re-encoded as baseline JPEG from pixel data only. Nothing of the original
file survives: no EXIF (GPS, camera, dates), no XMP, no IPTC, no ICC profile, no comment,
no PNG text chunk, no trailing data. Anything we cannot fully trust raises `PhotoRejected`
with a stable `code` (for logs and tests) and a short French message (for the user). This
module imports neither Flask nor the app, so it cannot know the reader's language: the
message is a `FrenchText` that also keeps its message id and placeholders, and the app
shows it translated (`portfolio.services.traces`).

Decisions, and why:

* Accepted inputs are JPEG, PNG, WebP and HEIC/HEIF (what iPhones and many Android phones
  save), judged by content only (magic bytes, then the container structure, then Pillow
  restricted to that one format, or libheif through pillow-heif for HEIF). File names and
  declared content types are never looked at.
* Output is always JPEG (quality 85, thumbnails 80). Transparent areas are flattened on
  white. One output format keeps the serving side trivial and every photo small; the only
  loss is transparency, which portfolio photos do not need.
* The container is parsed here, before Pillow sees it. That gives us the true image size
  before any pixel is decoded, lets us find the end of the image (to judge trailing data),
  and lets us hand Pillow a copy stripped of every metadata block. Pillow therefore never
  parses EXIF, ICC, XMP, MPF or PNG text chunks from an upload (zTXt/iCCP "bombs" cannot
  fire), and the output cannot inherit any of it.
* EXIF orientation is read by a tiny reader of our own (only tag 0x0112 of IFD0) and
  applied with the same transposition table as `ImageOps.exif_transpose`, after the
  resize, so the rotation works on a small image.
* JPEG is decoded at reduced scale by libjpeg itself, which shrinks inside the inverse DCT
  at M/8 of the full size: faster and lighter than a full decode. libjpeg-turbo (in
  Pillow's wheels) offers 1/8, 1/4, 3/8, 1/2; the 3/8 step takes a 12 MP phone photo
  (4000x3000, 4032x3024) straight to about 1500 px with no resampling pass at all. So the
  display's long side is 1400 to 1600 px for any larger photo: a scale that lands in that
  band is kept as it is; otherwise the smallest scale above it is shrunk bilinear (`_fit`).
* Size limits are ours, not Pillow's global `MAX_IMAGE_PIXELS`: the pixel count read from
  the header is checked before decoding. Pillow's own bomb checks stay as a second net.
* Animated images (APNG, animated WebP, animated GIF) are refused rather than cut to their
  first frame: a user who sends an animation would not expect a still image back.
* HEIF is decoded by libheif (pillow-heif, used directly: Pillow's global list of formats
  is left alone), which applies the file's own rotation and mirror boxes; its metadata is
  not cut out first (see `_parse_heif`), but never reaches the output either. HEIF image
  sequences are refused as animations. AVIF is refused: phones do not save photos in it.

Polyglot checks (files that are a valid image *and* something else):

* a ZIP archive anywhere a ZIP reader would find it (`zipfile.is_zipfile` on the whole
  file: JPEG+ZIP, PNG+JAR, ...);
* markup or script (`<script`, `<html`, `<body`, `<iframe`, `<object`, `<embed`, `<svg`,
  `<?php`, `<!doctype html`, `javascript:`) in any metadata block (JPEG APPn/COM segments,
  PNG ancillary chunks, WebP metadata chunks) or in data after the image end marker;
* data after the end marker that starts with an archive, PDF, executable or script
  signature, or with markup.

Other trailing data is tolerated and dropped: phones append real data after the JPEG end
(Multi-Picture secondary images and gain maps, Google "Motion Photo" videos, Samsung
trailers), and refusing those would refuse ordinary photos. The scans look at metadata and
trailers, not at compressed pixel data, where short patterns would appear by chance.

Output never contains the input bytes, so even an accepted polyglot could not be served;
these checks reject suspicious uploads early and make them visible in logs.

Warnings: Pillow may warn on odd files. We do not wrap calls in `warnings.catch_warnings`
because it changes process-wide state and is not thread-safe under a threaded server.
`DecompressionBombWarning` is caught if a warnings filter turns it into an error (pytest).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

import pillow_heif
from PIL import Image, ImageFile, features

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

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 15 * MB
DEFAULT_MAX_PIXELS: Final = 40_000_000
DEFAULT_DISPLAY_LONG_SIDE: Final = 1600
DEFAULT_THUMB_LONG_SIDE: Final = 320

DISPLAY_QUALITY: Final = 85
THUMB_QUALITY: Final = 80
OUTPUT_CONTENT_TYPE: Final = "image/jpeg"

# Declared pixels per byte of file above which an over-limit image is called a bomb
# rather than a big photo. Real photos stay far below 100; deflate can reach ~8000 for
# a 1-bit PNG of zeros.
BOMB_PIXELS_PER_BYTE: Final = 1000

_Format = Literal["JPEG", "PNG", "WEBP", "HEIF"]


# --------------------------------------------------------------------------- messages


class FrenchText(str):
    """A message for the user: the French text, plus what the app needs to translate it.

    ``msgid`` (and ``plural``, chosen by ``num``) are ids of the app's catalogue, and
    ``params`` fill their ``%(name)s`` placeholders; a param may itself be a `FrenchText`.
    Built by `_` and `ngettext` below, which Babel extracts like the app's own.
    """

    msgid: str
    plural: str | None
    num: int
    params: dict[str, object]

    def __new__(
        cls,
        msgid: str,
        plural: str | None = None,
        num: int = 1,
        params: dict[str, object] | None = None,
    ) -> FrenchText:
        params = dict(params or {})
        text = plural if plural is not None and num != 1 else msgid
        if plural is not None:
            text %= {"num": num, **params}
        elif params:
            text %= params
        self = super().__new__(cls, text)
        self.msgid, self.plural, self.num, self.params = msgid, plural, num, params
        return self


def _(msgid: str, **params: object) -> FrenchText:
    """The French text, kept translatable (this module cannot look up the reader's language)."""
    return FrenchText(msgid, params=params)


def ngettext(singular: str, plural: str, num: int, **params: object) -> FrenchText:
    """Singular or plural French form for ``num`` (given to the text as ``%(num)d``)."""
    return FrenchText(singular, plural, num, params)


def N_(text: str) -> str:
    """Mark a French text kept in a constant for translation; wrap it with `_` when used."""
    return text


class RejectionCode(StrEnum):
    """Why a file was refused. Stable values: safe to log, store and test.

    * ``empty``: zero bytes. ``too_large``: more bytes than `max_bytes`.
    * ``too_many_pixels``: the header declares more than `max_pixels` (a real big photo).
    * ``decompression_bomb``: over the pixel limit with more than `BOMB_PIXELS_PER_BYTE`
      declared pixels per byte of file (no photo compresses that well), or stopped by
      Pillow's own bomb check.
    * ``unsupported_format``: we recognise what it is (GIF, TIFF, BMP, ICO, PSD, JPEG 2000,
      JPEG XL, AVIF, video, PDF, ZIP, SVG, HTML, script...) and do not take it.
    * ``not_an_image``: we cannot tell what it is.
    * ``animated``: APNG, animated WebP, GIF with several frames, HEIF image sequence.
    * ``corrupt``: JPEG/PNG/WebP/HEIF that is truncated, fails a checksum or does not decode.
    * ``polyglot``: a valid image that is also something else (see the module notes).
    """

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    DECOMPRESSION_BOMB = "decompression_bomb"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    ANIMATED = "animated"
    CORRUPT = "corrupt"
    POLYGLOT = "polyglot"


# Marked for translation; `PhotoRejected` wraps them with `_`.
_DEFAULT_MESSAGES: Final[dict[RejectionCode, str]] = {
    RejectionCode.EMPTY: N_("Le fichier est vide. Choisissez une photo."),
    RejectionCode.TOO_LARGE: N_("La photo est trop lourde."),
    RejectionCode.TOO_MANY_PIXELS: N_(
        "La photo est trop grande. Réduisez sa taille, puis réessayez."
    ),
    RejectionCode.DECOMPRESSION_BOMB: N_(
        "Ce fichier n'est pas une vraie photo : sa taille est impossible. "
        "Choisissez une autre photo."
    ),
    RejectionCode.NOT_AN_IMAGE: N_(
        "Ce fichier n'est pas une photo. Choisissez une photo JPEG, PNG ou WebP."
    ),
    RejectionCode.UNSUPPORTED_FORMAT: N_(
        "Ce format de fichier n'est pas accepté. Choisissez une photo JPEG, PNG ou WebP."
    ),
    RejectionCode.ANIMATED: N_(
        "Les images animées ne sont pas acceptées. Choisissez une photo fixe, en JPEG, PNG ou WebP."
    ),
    RejectionCode.CORRUPT: N_(
        "La photo est abîmée ou incomplète. Envoyez-la de nouveau ou choisissez une autre photo."
    ),
    RejectionCode.POLYGLOT: N_(
        "Ce fichier cache autre chose qu'une photo. Pour votre sécurité, il est refusé. "
        "Choisissez une autre photo."
    ),
}


class PhotoRejected(Exception):
    """The upload is not a photo we accept.

    `code` is stable and meant for logs and tests; `message_fr` is what the user reads (a
    `FrenchText`, which the app translates); `detail` is an English note for logs (never
    show it to the user).
    """

    def __init__(
        self, code: RejectionCode, message_fr: str | None = None, *, detail: str = ""
    ) -> None:
        self.code = code
        self.message_fr = message_fr or _(_DEFAULT_MESSAGES[code])
        self.detail = detail
        super().__init__(self.message_fr)

    def __repr__(self) -> str:
        return f"PhotoRejected(code={self.code.value!r}, detail={self.detail!r})"


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


# --------------------------------------------------------------------------- sniffing

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


def _sniff_accepted(data: bytes) -> _Format | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(_PNG_SIGNATURE):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _iso_media_kind(data[:64]) == "HEIF":
        return "HEIF"
    return None


_HEIF_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})

# Marked for translation; wrapped with `_` where a PhotoRejected is built.
_VIDEO_MESSAGE: Final = N_("Les vidéos ne sont pas acceptées. Choisissez une photo.")
_PDF_MESSAGE: Final = N_(
    "Les documents PDF ne sont pas acceptés. Choisissez une photo JPEG, PNG ou WebP."
)
_SVG_MESSAGE: Final = N_(
    "Les dessins SVG ne sont pas acceptés. Choisissez une photo JPEG, PNG ou WebP."
)
_NOT_A_PHOTO_MESSAGE: Final = N_(
    "Ce fichier n'est pas une photo. Choisissez une photo JPEG, PNG ou WebP."
)


def _iso_media_kind(head: bytes) -> Literal["HEIF", "AVIF", "video"] | None:
    """What an ISO media file (MP4, MOV, HEIF, AVIF: an "ftyp" box first) holds, by brands."""
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    # Compatible brands follow the major brand; HEIF files may use e.g. "mif1" first.
    brands = {brand} | {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
    if brand in _AVIF_BRANDS:  # AVIF files also list the HEIF brand "mif1"
        return "AVIF"
    if brands & _HEIF_BRANDS:
        return "HEIF"
    if brands & _AVIF_BRANDS:
        return "AVIF"
    return "video"


def _format_message(name: str) -> str:
    return _(
        "Les images %(format)s ne sont pas acceptées. Choisissez une photo JPEG, PNG ou WebP.",
        format=name,
    )


# Signatures of image formats we recognise but do not accept: (prefix, display name).
_OTHER_IMAGE_SIGNATURES: Final[tuple[tuple[bytes, str], ...]] = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x02\x00", "CUR"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"qoif", "QOI"),
)

_TEXT_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|meta|a\s|div|p[\s>])",
    re.IGNORECASE,
)


def _reject_other(data: bytes) -> PhotoRejected:
    """Name what the file is, when we can, to give the user a useful message."""
    unsupported = RejectionCode.UNSUPPORTED_FORMAT
    head = data[:4096]
    if head.startswith((b"GIF87a", b"GIF89a")):
        if _gif_frame_count(data) > 1:
            return PhotoRejected(RejectionCode.ANIMATED, detail="animated GIF")
        return PhotoRejected(unsupported, _format_message("GIF"), detail="GIF")
    if head.startswith(b"BM") and len(head) >= 18:
        dib_header_size = int.from_bytes(head[14:18], "little")
        if dib_header_size in {12, 16, 40, 52, 56, 64, 108, 124}:
            return PhotoRejected(unsupported, _format_message("BMP"), detail="BMP")
    for prefix, name in _OTHER_IMAGE_SIGNATURES:
        if head.startswith(prefix):
            return PhotoRejected(unsupported, _format_message(name), detail=name)
    kind = _iso_media_kind(head)
    if kind == "AVIF":
        return PhotoRejected(unsupported, _format_message("AVIF"), detail="AVIF")
    if kind == "video":
        return PhotoRejected(unsupported, _(_VIDEO_MESSAGE), detail=f"ISO media ({head[8:12]!r})")
    if head.startswith(b"%PDF-"):
        return PhotoRejected(unsupported, _(_PDF_MESSAGE), detail="PDF")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return PhotoRejected(unsupported, _(_NOT_A_PHOTO_MESSAGE), detail="ZIP/Office document")

    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"#!"):
        return PhotoRejected(unsupported, _(_NOT_A_PHOTO_MESSAGE), detail="script (shebang)")
    if b"<?php" in text:
        return PhotoRejected(unsupported, _(_NOT_A_PHOTO_MESSAGE), detail="PHP script")
    if text.startswith(b"<"):
        if b"<svg" in text:
            return PhotoRejected(unsupported, _(_SVG_MESSAGE), detail="SVG")
        if _TEXT_HTML.search(text):
            return PhotoRejected(unsupported, _(_NOT_A_PHOTO_MESSAGE), detail="HTML")
        return PhotoRejected(unsupported, _(_NOT_A_PHOTO_MESSAGE), detail="XML or markup")
    return PhotoRejected(RejectionCode.NOT_AN_IMAGE, detail="unknown content")


def _gif_frame_count(data: bytes) -> int:
    """Count image descriptors by walking GIF blocks (stops quietly on a malformed file)."""
    n = len(data)
    if n < 13:
        return 0
    pos = 13
    if data[10] & 0x80:  # global colour table
        pos += 3 << ((data[10] & 0x07) + 1)
    frames = 0
    while pos < n:
        block = data[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x2C:  # image descriptor, optional local colour table, LZW size
            if pos + 10 > n:
                break
            frames += 1
            if frames > 1:
                break
            flags = data[pos + 9]
            pos += 10 + ((3 << ((flags & 0x07) + 1)) if flags & 0x80 else 0) + 1
        elif block == 0x21:  # extension: introducer, label
            pos += 2
        else:
            break
        while pos < n and data[pos]:  # data sub-blocks, ended by a zero-length one
            pos += data[pos] + 1
        pos += 1
    return frames


# --------------------------------------------------------------------------- containers


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


def _corrupt(detail: str) -> PhotoRejected:
    return PhotoRejected(RejectionCode.CORRUPT, detail=detail)


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


_PARSERS: Final = {
    "JPEG": _parse_jpeg,
    "PNG": _parse_png,
    "WEBP": _parse_webp,
    "HEIF": _parse_heif,
}


def _exif_orientation(tiff: bytes) -> int:
    """Read the Orientation tag (0x0112) of IFD0 from a TIFF-structured EXIF block.

    Returns 1 (no change) for anything missing or malformed: a bad EXIF block is not a
    reason to refuse a photo, since we throw the EXIF away anyway.
    """
    if len(tiff) < 8:
        return 1
    order: Literal["little", "big"]
    if tiff[:2] == b"II":
        order = "little"
    elif tiff[:2] == b"MM":
        order = "big"
    else:
        return 1
    if int.from_bytes(tiff[2:4], order) != 42:
        return 1
    ifd = int.from_bytes(tiff[4:8], order)
    if ifd + 2 > len(tiff):
        return 1
    count = int.from_bytes(tiff[ifd : ifd + 2], order)
    for index in range(min(count, 1000)):
        entry = ifd + 2 + 12 * index
        if entry + 12 > len(tiff):
            break
        if int.from_bytes(tiff[entry : entry + 2], order) != 0x0112:
            continue
        field_type = int.from_bytes(tiff[entry + 2 : entry + 4], order)
        if field_type != 3:  # SHORT
            return 1
        value = int.from_bytes(tiff[entry + 8 : entry + 10], order)
        return value if 1 <= value <= 8 else 1
    return 1


# Same table as PIL.ImageOps.exif_transpose.
_ORIENTATION_TRANSPOSE: Final[dict[int, Image.Transpose]] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


# --------------------------------------------------------------------------- polyglots

_MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|svg[\s>/]|\?php|!doctype\s+html)|javascript:",
    re.IGNORECASE,
)
_TRAILER_PADDING: Final = b"\x00\xff \t\r\n"
_TRAILER_SIGNATURES: Final[tuple[bytes, ...]] = (
    b"PK\x03\x04",  # ZIP, JAR, Office documents
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"%PDF",
    b"\x7fELF",
    b"MZ",  # Windows executable
    b"\xca\xfe\xba\xbe",  # Java class / Mach-O fat binary
    b"#!",
    b"<",
)


def _check_polyglot(data: bytes, container: _Container) -> None:
    for block in container.metadata:
        if _MARKUP.search(block):
            raise PhotoRejected(RejectionCode.POLYGLOT, detail="markup in a metadata block")
    trailer = data[container.end :].strip(_TRAILER_PADDING)
    if trailer.startswith(_TRAILER_SIGNATURES):
        raise PhotoRejected(
            RejectionCode.POLYGLOT, detail=f"trailing data starts with {trailer[:8]!r}"
        )
    if trailer and _MARKUP.search(trailer):
        raise PhotoRejected(RejectionCode.POLYGLOT, detail="markup after the image end")
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise PhotoRejected(RejectionCode.POLYGLOT, detail="readable as a ZIP archive")


# --------------------------------------------------------------------------- pixels


def _check_pixels(width: int, height: int, size: int, max_pixels: int) -> None:
    pixels = width * height
    if pixels <= max_pixels:
        return
    if pixels > BOMB_PIXELS_PER_BYTE * size:
        raise PhotoRejected(
            RejectionCode.DECOMPRESSION_BOMB,
            detail=f"{width}x{height} declared in {size} bytes",
        )
    raise PhotoRejected(
        RejectionCode.TOO_MANY_PIXELS,
        _(
            "La photo est trop grande (maximum %(pixels)s de pixels). "
            "Réduisez sa taille, puis réessayez.",
            pixels=_format_megapixels(max_pixels),
        ),
        detail=f"{width}x{height} > {max_pixels} pixels",
    )


def _decode(container: _Container, max_pixels: int, long_side: int) -> Image.Image:
    """Decode the stripped image stream into an RGB image, at reduced scale for JPEG."""
    if container.fmt == "HEIF":
        return _decode_heif(container)
    try:
        image = Image.open(io.BytesIO(container.core), formats=[container.fmt])
        if image.size != (container.width, container.height):
            raise _corrupt(f"decoder size {image.size} differs from the header")
        if getattr(image, "n_frames", 1) != 1:
            raise PhotoRejected(RejectionCode.ANIMATED, detail="decoder found several frames")
        if image.width * image.height > max_pixels:  # second check, on the decoder's view
            raise PhotoRejected(RejectionCode.TOO_MANY_PIXELS)
        if container.fmt == "JPEG":
            _decode_at_scale(image, _jpeg_eighths(image.width, image.height, long_side))
        image.load()
        return _to_rgb(image)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRejected(RejectionCode.DECOMPRESSION_BOMB, detail=str(error)) from error
    except Exception as error:
        # Decoders raise many types on hostile input (OSError, ValueError, SyntaxError,
        # struct.error, EOFError...). Any of them means we cannot trust the file.
        raise _corrupt(f"decoder failed: {type(error).__name__}: {error}") from error


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
# that large: 1/3 gives 3/8 in libjpeg-turbo. The old IJG libjpeg 6b would give 1/2 for
# 1/3, a bigger image than Pillow's buffer, so 3/8 is only asked of libjpeg-turbo.
_JPEG_DENOMINATOR: Final = {1: 8, 2: 4, 3: 3, 4: 2, 8: 1}
_JPEG_EIGHTHS: Final = (1, 2, 3, 4, 8) if features.check_feature("libjpeg_turbo") else (1, 2, 4, 8)
# A scaled decode whose long side reaches 7/8 of the display size is the display as it is.
_KEEP_SHARE_EIGHTHS: Final = 7


def _scaled(side: int, eighths: int) -> int:
    """One side of a JPEG decoded at eighths/8, rounded up as libjpeg does."""
    return -(-side * eighths // 8)


def _jpeg_eighths(width: int, height: int, long_side: int) -> int:
    """The smallest scale whose long side is at least 7/8 of `long_side` (8: full size)."""
    longest = max(width, height)
    for eighths in _JPEG_EIGHTHS:
        if 8 * _scaled(longest, eighths) >= _KEEP_SHARE_EIGHTHS * long_side:
            return eighths
    return 8


def _decode_at_scale(image: ImageFile.ImageFile, eighths: int) -> None:
    """Set up an opened, not yet loaded JPEG so that libjpeg decodes it at eighths/8.

    This is what `JpegImageFile.draft` does, for every scale of `_JPEG_EIGHTHS` where
    `draft` only knows the powers of two. Pillow's decoder trusts the size set here: it
    must be libjpeg's output size exactly (each side times M/8, rounded up). The tests
    compare the result with a full decode shrunk with Lanczos, at every scale.
    """
    tile = image.tile[0] if len(image.tile) == 1 else None
    if eighths == 8 or tile is None or tile.extents is None or image.decoderconfig:
        return
    width, height = (_scaled(side, eighths) for side in image.size)
    left, top = tile.extents[:2]
    image.tile = [tile._replace(extents=(left, top, left + width, top + height))]
    image._size = (width, height)
    image.decoderconfig = (_JPEG_DENOMINATOR[eighths], 0)


_WHITE: Final = (255, 255, 255, 255)


def _to_rgb(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        # 16-bit grey: scale to 8 bits (a plain convert would clip everything to white).
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        mode = image.mode
    has_alpha = mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, _WHITE)
        background.alpha_composite(rgba)
        return background.convert("RGB")
    return image.convert("RGB") if mode != "RGB" else image


def _fit_size(width: int, height: int, long_side: int) -> tuple[int, int]:
    """The size that fits in a `long_side` square, keeping proportions; never enlarges."""
    longest = max(width, height)
    if longest <= long_side:
        return width, height
    if width >= height:
        return long_side, max(1, round(height * long_side / width))
    return max(1, round(width * long_side / height)), long_side


def _fit(image: Image.Image, long_side: int) -> Image.Image:
    """Shrink to fit `long_side`.

    Pillow widens every filter by the shrink ratio, so all of them anti-alias. After a
    JPEG decode at scale the ratio is below 2, where bilinear is as good as Lanczos (the
    scaled decode itself bounds quality) at half the cost. The box filter would be a third
    faster still, but keeps more sensor noise: the display JPEG grew by a third (measured
    on the benchmark's photo), and phones download it. Larger ratios (PNG, WebP, HEIF,
    thumbnails) first average whole blocks of pixels (`Image.reduce`, cheap), then finish
    with bicubic, as `Image.thumbnail` does.
    """
    size = _fit_size(image.width, image.height, long_side)
    if size == image.size:
        return image
    if max(image.size) <= 2 * long_side:
        return image.resize(size, Image.Resampling.BILINEAR)
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=1.0)


def _pixels_only(image: Image.Image) -> Image.Image:
    """Drop `info`, so no metadata could reach the encoder even if the decoder kept some.

    Pillow never saw the metadata blocks (they were cut from the stream), and its JPEG
    encoder writes EXIF only when asked; this is the last of three locks.
    """
    image.info = {}
    return image


def _encode_jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _format_mo(size: int) -> str:
    value = size / MB
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


def _format_megapixels(pixels: int) -> str:
    value = pixels / 1_000_000
    number = str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
    # French: "1,5 million", "2 millions" (singular below 2).
    return ngettext(
        "%(number)s million", "%(number)s millions", 1 if value < 2 else int(value), number=number
    )
