"""Refuse a valid image that is also something else.

Polyglot checks:

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
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Final

from .containers import _Container
from .messages import PhotoRejected, RejectionCode

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
