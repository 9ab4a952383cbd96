"""Sample files for the photo tests, all built in code at test time (no binary committed).

Each function returns the bytes of one file. Good photos carry recognisable metadata
markers (`SECRET_*`) so tests can prove none of it reaches the output.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

import pillow_heif
from PIL import Image, ImageCms, ImageDraw, ImageFilter

SECRET_DESCRIPTION = "SECRET-DESCRIPTION-7f3a"
SECRET_MAKE = "SECRET-CAMERA-MAKER"
SECRET_COMMENT = b"SECRET-COMMENT-91c2"
SECRET_XMP = b"SECRET-XMP-CREATOR"
SECRET_TEXT = "SECRET-PNG-TEXT"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/"
GPS_DATUM = "WGS-84-SECRET"

RED = (230, 20, 20)
GREEN = (20, 200, 40)
BLUE = (20, 40, 230)
YELLOW = (240, 230, 20)
WHITE = (250, 250, 250)
QUADRANT_COLOURS = (RED, GREEN, BLUE, YELLOW)  # top-left, top-right, bottom-left, bottom-right

GPS_IFD = 0x8825
ORIENTATION = 0x0112


# --------------------------------------------------------------------------- helpers


def quadrants(width: int, height: int) -> Image.Image:
    """An RGB image with one flat colour per quarter, to track rotations and flips."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    boxes = (
        (0, 0, half_w, half_h),
        (half_w, 0, width, half_h),
        (0, half_h, half_w, height),
        (half_w, half_h, width, height),
    )
    for box, colour in zip(boxes, QUADRANT_COLOURS, strict=True):
        image.paste(colour, box)
    return image


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def jpeg(width: int = 64, height: int = 48, **params: object) -> bytes:
    return encode(quadrants(width, height), "JPEG", quality=90, **params)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(body, zlib.crc32(kind))
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def insert_after_soi(data: bytes, *segments: bytes) -> bytes:
    assert data.startswith(b"\xff\xd8")
    return data[:2] + b"".join(segments) + data[2:]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def exif_block(orientation: int | None = None, *, gps: bool = False) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SECRET_DESCRIPTION  # ImageDescription
    exif[0x010F] = SECRET_MAKE  # Make
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(
            {
                1: "N",
                2: (48.0, 51.0, 24.0),
                3: "E",
                4: (2.0, 21.0, 3.0),
                18: GPS_DATUM,  # GPSMapDatum
            }
        )
    return exif.tobytes()


def xmp_packet() -> bytes:
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:creator>" + SECRET_XMP + b"</dc:creator>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
        b'<?xpacket end="w"?>'
    )


def srgb_icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return profile.tobytes()


# --------------------------------------------------------------------------- good photos


def jpeg_with_metadata(width: int = 400, height: int = 200, orientation: int = 6) -> bytes:
    """A camera-like JPEG: EXIF (GPS, maker, orientation), XMP, ICC profile, comment."""
    data = encode(
        quadrants(width, height),
        "JPEG",
        quality=90,
        exif=exif_block(orientation, gps=True),
        icc_profile=srgb_icc(),
        comment=SECRET_COMMENT,
    )
    return insert_after_soi(data, jpeg_segment(0xE1, XMP_NAMESPACE + b"\x00" + xmp_packet()))


def jpeg_with_orientation(orientation: int, width: int = 120, height: int = 60) -> bytes:
    return encode(
        quadrants(width, height), "JPEG", quality=95, exif=exif_block(orientation), subsampling=0
    )


def detailed(width: int, height: int) -> Image.Image:
    """Gradients, stripes and discs, softened as a camera lens does: a picture where a
    shifted, stretched or garbled decode stands out against a reference, unlike flat
    quadrants."""
    size = (width, height)
    image = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ),
    )
    draw = ImageDraw.Draw(image)
    long_side, short_side = max(width, height), min(width, height)
    step = max(8, long_side // 60)
    for at in range(0, long_side, 2 * step):  # stripes across the long side
        stripe = (at, 0, at + step // 2, short_side // 3)
        draw.rectangle(stripe if width >= height else stripe[1::-1] + stripe[:1:-1], fill=WHITE)
    for index in range(12):
        x, y = (index * 7919) % width, (index * 104729) % height
        r = max(4, min(width, height) // (3 + index % 4))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=QUADRANT_COLOURS[index % 4])
    return image.filter(ImageFilter.GaussianBlur(2))


def detailed_jpeg(width: int, height: int, **params: object) -> bytes:
    return encode(detailed(width, height), "JPEG", quality=92, **params)


def large_jpeg(width: int = 2400, height: int = 1800) -> bytes:
    return jpeg(width, height)


def progressive_jpeg() -> bytes:
    return jpeg(640, 480, progressive=True, optimize=True)


def grey_jpeg() -> bytes:
    return encode(Image.new("L", (80, 60), 90), "JPEG")


def cmyk_jpeg() -> bytes:
    """Pure red in CMYK (0% cyan, 100% magenta, 100% yellow, 0% black)."""
    return encode(Image.new("CMYK", (80, 60), (0, 255, 255, 0)), "JPEG", quality=95)


def mpo() -> bytes:
    """A Multi-Picture file (as stereo cameras and some phones write): two JPEGs in one."""
    first = quadrants(120, 80)
    second = Image.new("RGB", (120, 80), (0, 0, 0))
    return encode(first, "MPO", save_all=True, append_images=[second])


def jpeg_with_motion_photo_trailer() -> bytes:
    """A JPEG followed by an MP4 video, like Google "Motion Photo" files."""
    rng = random.Random(7)
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + rng.randbytes(4000)
    return jpeg() + video


def jpeg_with_padding() -> bytes:
    return jpeg() + b"\x00" * 500


def jpeg_with_bad_exif() -> bytes:
    """EXIF whose first IFD offset points far outside the block."""
    broken = b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 0x7FFFFFF0) + b"\x00" * 10
    return insert_after_soi(jpeg(), jpeg_segment(0xE1, broken))


def png_with_text_and_alpha(width: int = 300, height: int = 200) -> bytes:
    """RGBA: left half fully transparent, right half opaque red; tEXt, zTXt, iTXt, eXIf."""
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((*RED, 255), (width // 2, 0, width, height))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_TEXT)
    info.add_text("Author", SECRET_TEXT, zip=True)
    info.add_itxt("Description", SECRET_TEXT, lang="fr", tkey="Description")
    return encode(image, "PNG", pnginfo=info, exif=exif_block(1, gps=True))


def palette_png_with_transparency() -> bytes:
    image = Image.new("P", (60, 40), 0)
    image.putpalette([0, 0, 0, *RED] + [0] * (256 - 2) * 3)
    image.paste(1, (30, 0, 60, 40))
    return encode(image, "PNG", transparency=0)


def grey_16bit_png() -> bytes:
    return encode(Image.new("I;16", (50, 40), 0x8000), "PNG")


def webp(width: int = 200, height: int = 100, **params: object) -> bytes:
    return encode(quadrants(width, height), "WEBP", quality=90, **params)


def webp_with_metadata(orientation: int = 6) -> bytes:
    return webp(exif=exif_block(orientation, gps=True), xmp=xmp_packet(), icc_profile=srgb_icc())


def heic(width: int = 200, height: int = 100, **params: object) -> bytes:
    """A HEIC photo, as iPhones save them (HEVC in a HEIF container), made with pillow-heif."""
    return heic_of(quadrants(width, height), **params)


def heic_of(image: Image.Image, **params: object) -> bytes:
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=90, **params)
    return buffer.getvalue()


def heic_with_metadata(orientation: int = 6) -> bytes:
    """A phone-like HEIC: EXIF (GPS, maker, orientation) and XMP items."""
    return heic(400, 200, exif=exif_block(orientation, gps=True), xmp=xmp_packet())


def heic_with_alpha() -> bytes:
    return heic_of(_half_transparent(RED))


def heic_burst() -> bytes:
    """Two top-level pictures in one file; the first is the primary one."""
    heif = pillow_heif.from_pillow(quadrants(120, 80))
    heif.add_from_pillow(Image.new("RGB", (120, 80), (0, 0, 0)))
    buffer = io.BytesIO()
    heif.save(buffer, quality=90)
    return buffer.getvalue()


def _half_transparent(colour: tuple[int, int, int]) -> Image.Image:
    """Left half fully transparent (with green hidden under it), right half opaque."""
    image = Image.new("RGBA", (80, 40), (*GREEN, 0))
    image.paste((*colour, 255), (40, 0, 80, 40))
    return image


def webp_lossless_with_alpha() -> bytes:
    """Lossless WebP with alpha inside the VP8L bitstream, plus EXIF (so a VP8X header)."""
    return encode(_half_transparent(BLUE), "WEBP", lossless=True, exact=True, exif=exif_block(1))


def webp_lossy_with_alpha() -> bytes:
    """Lossy WebP: colour in VP8, transparency in a separate ALPH chunk, under VP8X."""
    return encode(_half_transparent(BLUE), "WEBP", quality=90, exact=True)


def tiny_png() -> bytes:
    return encode(Image.new("RGB", (1, 1), GREEN), "PNG")


def thin_png(width: int = 6000, height: int = 3) -> bytes:
    return encode(Image.new("RGB", (width, height), BLUE), "PNG")


# --------------------------------------------------------------------------- too big


def jpeg_claiming_size(width: int, height: int, padding: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim `width` x `height`.

    A comment segment of `padding` bytes keeps the file heavy enough that the claim looks
    like a big photo rather than a decompression bomb.
    """
    data = bytearray(jpeg(16, 16))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    segments = []
    while padding > 0:
        size = min(padding, 60000)
        segments.append(jpeg_segment(0xFE, b"x" * size))
        padding -= size
    return insert_after_soi(bytes(data), *segments)


def png_bomb(side: int = 10_000) -> bytes:
    """A real decompression bomb: a 1-bit PNG of zeros, 100 MP in about 12 kB."""
    row = b"\x00" * (1 + (side + 7) // 8)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def png_huge_header(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------- animated


def _frames() -> list[Image.Image]:
    return [Image.new("RGB", (40, 30), colour) for colour in (RED, GREEN, BLUE)]


def animated_gif() -> bytes:
    first, *rest = _frames()
    return encode(first, "GIF", save_all=True, append_images=rest, duration=100)


def looping_gif() -> bytes:
    first, *rest = _frames()
    return encode(first, "GIF", save_all=True, append_images=rest, duration=100, loop=0)


def animated_webp() -> bytes:
    first, *rest = _frames()
    return encode(first, "WEBP", save_all=True, append_images=rest, duration=100)


def apng() -> bytes:
    first, *rest = _frames()
    return encode(first, "PNG", save_all=True, append_images=rest, duration=100)


# --------------------------------------------------------------------------- broken


def truncated_jpeg() -> bytes:
    data = jpeg(640, 480)
    return data[: len(data) * 6 // 10]


def jpeg_without_end() -> bytes:
    return jpeg().removesuffix(b"\xff\xd9")


def truncated_png() -> bytes:
    data = png_with_text_and_alpha()
    return data[: len(data) // 2]


def png_bad_checksum() -> bytes:
    data = bytearray(encode(quadrants(40, 30), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip bits inside the compressed pixels
    return bytes(data)


def truncated_webp() -> bytes:
    data = webp()
    return data[: len(data) - 40]


def jpeg_bad_huffman_table() -> bytes:
    """Structure intact (markers, lengths, end marker), but a Huffman table is nonsense."""
    data = bytearray(jpeg(640, 480))
    dht = data.index(b"\xff\xc4")
    data[dht + 5 : dht + 21] = b"\xff" * 16  # code counts per length: impossible tree
    return bytes(data)


def random_bytes() -> bytes:
    return random.Random(42).randbytes(4096)


def empty() -> bytes:
    return b""


# --------------------------------------------------------------------------- not photos


def svg() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<script>alert("x")</script><rect width="10" height="10"/></svg>\n'
    )


def html() -> bytes:
    return b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def shell_script() -> bytes:
    return b'#!/bin/sh\nrm -rf "$HOME"\n'


def php_script() -> bytes:
    return b"<?php system($_GET['c']); ?>\n"


def plain_text() -> bytes:
    return "Bonjour, voici ma photo préférée.\n".encode()


def pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not a photo")
    return buffer.getvalue()


def gif() -> bytes:
    return encode(quadrants(40, 30), "GIF")


def tiff() -> bytes:
    return encode(quadrants(40, 30), "TIFF")


def bmp() -> bytes:
    return encode(quadrants(40, 30), "BMP")


def ico() -> bytes:
    return encode(quadrants(32, 32), "ICO")


def heic_header() -> bytes:
    """The start of an iPhone HEIC file, an ISO-BMFF 'ftyp' box with brand heic, then noise."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + random.Random(5).randbytes(2000)


def avif_header() -> bytes:
    return b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + random.Random(6).randbytes(500)


def mp4_header() -> bytes:
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + random.Random(8).randbytes(500)


# --------------------------------------------------------------------------- polyglots


def jpeg_zip_polyglot() -> bytes:
    """A JPEG with a ZIP archive appended: both an image viewer and unzip open it."""
    return jpeg() + zip_archive()


def heic_sequence() -> bytes:
    """A HEIF with a timed sequence box ("moov"): an animation or a burst video."""
    return heic() + b"\x00\x00\x00\x10moov" + bytes(8)


def truncated_heic() -> bytes:
    data = heic(160, 120)
    return data[: len(data) * 2 // 3]


def heic_zip_polyglot() -> bytes:
    return heic() + zip_archive()


def heic_script_appended() -> bytes:
    return heic() + b"<script>fetch('/admin')</script>"


def jpeg_script_appended() -> bytes:
    return jpeg() + b"<script>fetch('/admin').then(r => r.text())</script>"


def jpeg_html_after_padding() -> bytes:
    return jpeg() + b"\x00" * 100 + b"\n<html><body onload=alert(1)></body></html>"


def jpeg_script_in_comment() -> bytes:
    """Markup hidden in a JPEG comment segment (classic image/HTML polyglot)."""
    return insert_after_soi(jpeg(), jpeg_segment(0xFE, b"*/<script>alert(1)</script>/*"))


def jpeg_php_in_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "<?php system($_GET['c']); ?>"
    return encode(quadrants(64, 48), "JPEG", exif=exif.tobytes())


def png_zip_polyglot() -> bytes:
    return encode(quadrants(40, 30), "PNG") + zip_archive()


def png_script_in_text_chunk() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<svg onload=alert(1)>")
    return encode(quadrants(40, 30), "PNG", pnginfo=info)


def webp_with_script_appended() -> bytes:
    return webp() + b"<script>alert(1)</script>"


def jpeg_elf_appended() -> bytes:
    return jpeg() + b"\x7fELF\x02\x01\x01" + b"\x00" * 64
