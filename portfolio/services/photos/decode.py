"""Decode the stripped image stream with Pillow restricted to its one format.

Warnings: Pillow may warn on odd files. We do not wrap calls in `warnings.catch_warnings`
because it changes process-wide state and is not thread-safe under a threaded server.
`DecompressionBombWarning` is caught if a warnings filter turns it into an error (pytest).
"""

from __future__ import annotations

import io

from PIL import Image, ImageFile

from .containers import _Container
from .heif import _decode_heif
from .jpeg_scale import _decode_at_scale, _jpeg_eighths
from .messages import PhotoRejected, RejectionCode, _corrupt
from .pixels import _to_rgb


def _decode(container: _Container, max_pixels: int, long_side: int) -> Image.Image:
    """Decode the stripped image stream into an RGB image, at reduced scale for JPEG."""
    if container.fmt == "HEIF":
        return _decode_heif(container)
    # A library may have switched Pillow's process-wide tolerance of broken files on
    # (WeasyPrint does at import): a photo is never decoded with it.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
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
