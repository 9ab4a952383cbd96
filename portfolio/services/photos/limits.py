"""Byte and pixel limits, and the French numbers a refusal quotes.

Size limits are ours, not Pillow's global `MAX_IMAGE_PIXELS`: the pixel count read from
the header is checked before decoding. Pillow's own bomb checks stay as a second net
(`decode`).
"""

from __future__ import annotations

from typing import Final

from .messages import PhotoRejected, RejectionCode, _, ngettext

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 15 * MB
DEFAULT_MAX_PIXELS: Final = 40_000_000

# Declared pixels per byte of file above which an over-limit image is called a bomb
# rather than a big photo. Real photos stay far below 100; deflate can reach ~8000 for
# a 1-bit PNG of zeros.
BOMB_PIXELS_PER_BYTE: Final = 1000


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
