"""JPEG decoded at reduced scale by libjpeg itself.

libjpeg shrinks inside the inverse DCT at M/8 of the full size: faster and lighter than a
full decode. libjpeg-turbo (in Pillow's wheels) offers 1/8, 1/4, 3/8, 1/2; the 3/8 step
takes a 12 MP phone photo (4000x3000, 4032x3024) straight to about 1500 px with no
resampling pass at all. So the display's long side is 1400 to 1600 px for any larger
photo: a scale that lands in that band is kept as it is; otherwise the smallest scale
above it is shrunk bilinear (`pixels._fit`).
"""

from __future__ import annotations

from typing import Final

from PIL import ImageFile, features

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
