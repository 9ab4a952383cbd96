"""From decoded pixels to the JPEG files we store: RGB on white, fitted, pixels only."""

from __future__ import annotations

import io
from typing import Final

from PIL import Image

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
