"""The one EXIF tag we read: the orientation, applied after the resize.

EXIF orientation is read by a tiny reader of our own (only tag 0x0112 of IFD0) and
applied with the same transposition table as `ImageOps.exif_transpose`, after the
resize, so the rotation works on a small image. The rest of the EXIF block is dropped.
"""

from __future__ import annotations

from typing import Final, Literal

from PIL import Image


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
