"""What the bytes are: one of the accepted formats, or a refusal that names the file.

Accepted inputs are JPEG, PNG, WebP and HEIC/HEIF, judged by content only (magic bytes
here, then the container structure, then Pillow restricted to that one format, or libheif
through pillow-heif for HEIF). File names and declared content types are never looked at.

Animated images (APNG, animated WebP, animated GIF) are refused rather than cut to their
first frame: a user who sends an animation would not expect a still image back. AVIF is
refused: phones do not save photos in it.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from .containers import _PNG_SIGNATURE, _Format
from .messages import N_, PhotoRejected, RejectionCode, _


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
