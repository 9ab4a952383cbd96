"""process_photo: what users get back, and what hostile files get.

Every sample is built in code by `samples`. File names never matter to process_photo
(it only takes bytes), so "a shell script renamed photo.jpg" is just the script's bytes.
"""

from __future__ import annotations

import hashlib
import io
import random
import statistics
import struct
import warnings
from collections.abc import Callable

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat, PngImagePlugin, features

from portfolio.services import photos
from portfolio.services.photos import (
    DEFAULT_MAX_BYTES,
    PhotoRejected,
    ProcessedPhoto,
    RejectionCode,
    process_photo,
)

from . import samples

Sample = Callable[[], bytes]

# Markers that must not appear anywhere in an output file.
LEAK_MARKERS = (
    samples.SECRET_DESCRIPTION.encode(),
    samples.SECRET_MAKE.encode(),
    samples.SECRET_COMMENT,
    samples.SECRET_XMP,
    samples.SECRET_TEXT.encode(),
    samples.GPS_DATUM.encode(),
    samples.XMP_NAMESPACE[:23],  # "http://ns.adobe.com/xap"
    b"Exif\x00\x00",
    b"ICC_PROFILE",
)
# JPEG markers a metadata-free baseline JPEG may contain before its first scan.
ALLOWED_HEADER_MARKERS = {0xE0, 0xDB, 0xC0, 0xC4, 0xDD, 0xDA}  # APP0 DQT SOF0 DHT DRI SOS


def header_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every JPEG segment up to and including the first SOS."""
    assert data[:2] == b"\xff\xd8"
    segments = []
    pos = 2
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segments.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
        if marker == 0xDA:
            return segments


def assert_clean_jpeg(data: bytes) -> Image.Image:
    """The file is a plain RGB JPEG carrying pixels and nothing else."""
    for marker_bytes in LEAK_MARKERS:
        assert marker_bytes not in data, marker_bytes
    segments = header_segments(data)
    markers = {marker for marker, _ in segments}
    assert markers <= ALLOWED_HEADER_MARKERS, [hex(m) for m in markers - ALLOWED_HEADER_MARKERS]
    header = b"".join(payload for _, payload in segments)
    assert b"GPS" not in header
    assert data.endswith(b"\xff\xd9")
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert len(image.getexif()) == 0
    assert not set(image.info) & {"exif", "icc_profile", "comment", "xmp", "photoshop", "adobe"}
    image.load()
    return image


def colour_at(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    """Pixel at a relative position (0..1) of the image."""
    pixel = image.convert("RGB").getpixel(
        (min(image.width - 1, int(x * image.width)), min(image.height - 1, int(y * image.height)))
    )
    assert isinstance(pixel, tuple)
    return pixel


def close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def process(data: bytes, **limits: int) -> ProcessedPhoto:
    result = process_photo(data, **limits)
    assert result.display != data
    assert result.thumbnail != data
    return result


# --------------------------------------------------------------------------- accepted

ACCEPTED: list[Sample] = [
    samples.jpeg_with_metadata,
    samples.large_jpeg,
    samples.progressive_jpeg,
    samples.grey_jpeg,
    samples.cmyk_jpeg,
    samples.mpo,
    samples.jpeg_with_motion_photo_trailer,
    samples.jpeg_with_padding,
    samples.jpeg_with_bad_exif,
    samples.png_with_text_and_alpha,
    samples.palette_png_with_transparency,
    samples.grey_16bit_png,
    samples.webp,
    samples.webp_with_metadata,
    samples.webp_lossless_with_alpha,
    samples.webp_lossy_with_alpha,
    samples.heic,
    samples.heic_with_metadata,
    samples.heic_with_alpha,
    samples.heic_burst,
    samples.tiny_png,
    samples.thin_png,
]


@pytest.mark.parametrize("sample", ACCEPTED, ids=lambda sample: sample.__name__)
def test_accepted_photos_come_out_as_clean_small_jpegs(sample: Sample) -> None:
    data = sample()
    result = process(data)

    display = assert_clean_jpeg(result.display)
    thumb = assert_clean_jpeg(result.thumbnail)
    assert display.size == (result.width, result.height)
    assert thumb.size == (result.thumb_width, result.thumb_height)
    assert 1 <= max(display.size) <= 1600
    assert 1 <= max(thumb.size) <= 320
    assert result.content_type == "image/jpeg"
    assert result.suffix == ".jpg"
    assert len(result.sha256) == 64
    assert result.sha256 == hashlib.sha256(result.display).hexdigest()


def test_camera_jpeg_loses_gps_exif_xmp_icc_and_comment() -> None:
    data = samples.jpeg_with_metadata()
    source = Image.open(io.BytesIO(data))  # the sample really carries all of it
    assert source.getexif().get_ifd(samples.GPS_IFD)
    assert "icc_profile" in source.info and "comment" in source.info
    assert samples.SECRET_XMP in data

    result = process(data)

    for output in (result.display, result.thumbnail):
        image = assert_clean_jpeg(output)
        assert not image.getexif().get_ifd(samples.GPS_IFD)


def test_png_text_chunks_are_dropped_and_transparency_becomes_white() -> None:
    data = samples.png_with_text_and_alpha()
    source = Image.open(io.BytesIO(data))
    assert isinstance(source, PngImagePlugin.PngImageFile)
    assert source.text  # the sample really has text chunks

    result = process(data)

    image = assert_clean_jpeg(result.display)
    assert close(colour_at(image, 0.25, 0.5), (255, 255, 255), 8)  # was transparent
    assert close(colour_at(image, 0.75, 0.5), samples.RED)


@pytest.mark.parametrize(
    "sample",
    [samples.webp_lossless_with_alpha, samples.webp_lossy_with_alpha],
    ids=lambda sample: sample.__name__,
)
def test_webp_transparency_becomes_white(sample: Sample) -> None:
    image = assert_clean_jpeg(process(sample()).display)
    assert close(colour_at(image, 0.25, 0.5), (255, 255, 255), 8)  # not the hidden green
    assert close(colour_at(image, 0.75, 0.5), samples.BLUE)


def test_palette_transparency_and_cmyk_and_16_bit_grey_keep_their_colours() -> None:
    palette = assert_clean_jpeg(process(samples.palette_png_with_transparency()).display)
    assert close(colour_at(palette, 0.25, 0.5), (255, 255, 255), 8)
    assert close(colour_at(palette, 0.75, 0.5), samples.RED)

    cmyk = assert_clean_jpeg(process(samples.cmyk_jpeg()).display)
    assert close(colour_at(cmyk, 0.5, 0.5), (255, 0, 0), 50)

    grey = assert_clean_jpeg(process(samples.grey_16bit_png()).display)
    assert close(colour_at(grey, 0.5, 0.5), (128, 128, 128), 6)  # not clipped to white


def test_orientation_6_turns_the_photo_upright() -> None:
    # Stored 400x200 with red at the top-left; orientation 6 means "turn 90° clockwise".
    result = process(samples.jpeg_with_metadata(400, 200, orientation=6))

    image = assert_clean_jpeg(result.display)
    assert (result.width, result.height) == (200, 400)
    assert close(colour_at(image, 0.75, 0.25), samples.RED)  # top-left went top-right
    assert close(colour_at(image, 0.25, 0.25), samples.BLUE)  # bottom-left went top-left
    thumb = assert_clean_jpeg(result.thumbnail)
    assert (result.thumb_width, result.thumb_height) == (160, 320)
    assert close(colour_at(thumb, 0.75, 0.25), samples.RED)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillow_exif_transpose(orientation: int) -> None:
    data = samples.jpeg_with_orientation(orientation)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))

    image = assert_clean_jpeg(process(data).display)

    assert image.size == expected.size
    for x, y in ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)):
        assert close(colour_at(image, x, y), colour_at(expected, x, y)), (orientation, x, y)


def test_webp_orientation_is_applied_too() -> None:
    result = process(samples.webp_with_metadata(orientation=6))
    image = assert_clean_jpeg(result.display)
    assert (result.width, result.height) == (100, 200)
    assert close(colour_at(image, 0.75, 0.25), samples.RED)


def test_heic_from_a_phone_is_accepted_upright_and_without_its_metadata() -> None:
    data = samples.heic_with_metadata(orientation=6)  # stored 400x200, "turn 90° clockwise"
    assert samples.SECRET_XMP in data and samples.GPS_DATUM.encode() in data

    result = process(data)

    assert result.source_format == "HEIF"
    image = assert_clean_jpeg(result.display)  # no EXIF, GPS, XMP or marker left
    assert (result.width, result.height) == (200, 400)  # turned once, not twice
    assert close(colour_at(image, 0.75, 0.25), samples.RED)
    assert close(colour_at(image, 0.25, 0.25), samples.BLUE)
    assert close(colour_at(image, 0.75, 0.75), samples.GREEN)


def test_heic_transparency_becomes_white_and_a_burst_keeps_its_first_picture() -> None:
    see_through = assert_clean_jpeg(process(samples.heic_with_alpha()).display)
    assert close(colour_at(see_through, 0.25, 0.5), (255, 255, 255), 8)  # not the hidden green
    assert close(colour_at(see_through, 0.75, 0.5), samples.RED)
    burst = assert_clean_jpeg(process(samples.heic_burst()).display)
    assert close(colour_at(burst, 0.25, 0.25), samples.RED)


def test_big_heic_is_shrunk_and_a_heic_over_the_pixel_limit_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = samples.heic_of(samples.detailed(3200, 400))
    result = process(data)
    assert (result.width, result.height) == (1600, 200)
    decoded: list[object] = []
    monkeypatch.setattr(photos.decode, "_decode_heif", lambda *args: decoded.append(args))
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, max_pixels=3200 * 400 - 1)
    assert caught.value.code == RejectionCode.TOO_MANY_PIXELS
    assert decoded == []


def test_big_photo_is_shrunk_to_1600_and_thumbnail_to_320() -> None:
    result = process(samples.large_jpeg(2400, 1800))
    assert (result.width, result.height) == (1600, 1200)
    assert (result.thumb_width, result.thumb_height) == (320, 240)
    image = assert_clean_jpeg(result.display)
    assert close(colour_at(image, 0.25, 0.25), samples.RED)
    assert close(colour_at(image, 0.75, 0.75), samples.YELLOW)


def distances_to_lanczos(data: bytes, display: bytes) -> tuple[float, float]:
    """Mean differences (0-255) to the full decode shrunk with Lanczos to the display's size:
    of the display, and of that same reference moved 2 pixels along its long side."""
    shown = Image.open(io.BytesIO(display)).convert("RGB")
    with Image.open(io.BytesIO(data)) as original:
        reference = ImageOps.exif_transpose(original).resize(shown.size, Image.Resampling.LANCZOS)
    moved = ImageChops.offset(reference, *((2, 0) if shown.width >= shown.height else (0, 2)))

    def distance(image: Image.Image) -> float:
        return statistics.fmean(ImageStat.Stat(ImageChops.difference(image, reference)).mean)

    return distance(shown), distance(moved)


# (stored size) -> display size. libjpeg decodes at 1/8, 1/4, 3/8 or 1/2 of the size; a
# scale landing at 1400-1600 px is kept as it is, otherwise the next larger one is shrunk.
DISPLAY_SIZES = {
    (4000, 3000): (1500, 1125),  # 12 MP phone photo: 3/8, no resampling
    (4032, 3024): (1512, 1134),  # 12 MP iPhone: 3/8
    (3000, 2000): (1500, 1000),  # 1/2
    (6000, 400): (1500, 100),  # 1/4
    (12000, 300): (1500, 38),  # 1/8, short side rounded up as libjpeg does
    (4001, 301): (1501, 113),  # odd sizes: rounded up
    (2400, 1800): (1600, 1200),  # full decode, then shrunk
    (3264, 2448): (1600, 1200),  # 8 MP: 1/2 gives 1632, then shrunk
    (4624, 300): (1600, 104),  # 3/8 gives 1734, then shrunk
    (300, 5000): (96, 1600),  # portrait: 3/8 gives 113x1875, then shrunk
}


@pytest.mark.parametrize("stored", DISPLAY_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_large_jpegs_are_decoded_at_scale_into_a_1400_to_1600_px_display(
    stored: tuple[int, int],
) -> None:
    data = samples.detailed_jpeg(*stored)

    result = process(data)

    assert (result.width, result.height) == DISPLAY_SIZES[stored]
    assert 1400 <= max(result.width, result.height) <= 1600
    # Closer to the slow way (full decode + Lanczos) than that result moved by 2 pixels
    # (0.2 to 0.6 of it): a garbled, shifted or stretched decode is much further.
    display_distance, moved_distance = distances_to_lanczos(data, result.display)
    assert display_distance < 0.75 * moved_distance
    assert max(result.thumb_width, result.thumb_height) == 320


@pytest.mark.parametrize("eighths", [1, 2, 3, 4])
def test_every_rounding_of_a_scaled_decode_gives_the_whole_picture(eighths: int) -> None:
    # libjpeg rounds each scaled side up; Pillow must expect exactly that many lines and
    # columns, or the photo would be refused as cut short. Long sides chosen to land on
    # each scale, with every remainder modulo 8 on both sides.
    long_side = {1: 12000, 2: 6000, 3: 4000, 4: 3000}[eighths]
    for extra in range(8):
        width, height = long_side + extra, 41 + extra
        result = process(samples.jpeg(width, height))
        expected = (-(-width * eighths // 8), -(-height * eighths // 8))
        assert (result.width, result.height) == expected, (width, height)


def test_scaled_decode_keeps_colours_of_progressive_grey_and_cmyk_jpegs() -> None:
    progressive = samples.encode(samples.quadrants(4000, 400), "JPEG", progressive=True)
    grey = samples.encode(Image.new("L", (4000, 400), 90), "JPEG")
    cmyk = samples.encode(Image.new("CMYK", (4000, 400), (0, 255, 255, 0)), "JPEG", quality=95)

    image = assert_clean_jpeg(process(progressive).display)
    assert image.size == (1500, 150)
    for (x, y), colour in zip(
        ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)),
        samples.QUADRANT_COLOURS,
        strict=True,
    ):
        assert close(colour_at(image, x, y), colour)
    assert close(colour_at(assert_clean_jpeg(process(grey).display), 0.5, 0.5), (90, 90, 90), 6)
    assert close(colour_at(assert_clean_jpeg(process(cmyk).display), 0.5, 0.5), (255, 0, 0), 50)


def test_scaled_decode_then_turns_the_photo_upright() -> None:
    # Stored 4000x300 (decoded at 3/8: 1500x113), orientation 6: turn 90° clockwise.
    result = process(samples.jpeg_with_metadata(4000, 300, orientation=6))

    image = assert_clean_jpeg(result.display)
    assert (result.width, result.height) == (113, 1500)
    assert close(colour_at(image, 0.75, 0.25), samples.RED)
    assert close(colour_at(image, 0.25, 0.25), samples.BLUE)


def test_without_libjpeg_turbo_only_halving_scales_are_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # IJG libjpeg would answer 1/2 to a request for 1/3: 3/8 must never be asked of it.
    monkeypatch.setattr(photos.jpeg_scale, "_JPEG_EIGHTHS", (1, 2, 4, 8))
    data = samples.detailed_jpeg(4000, 3000)

    result = process(data)

    assert (result.width, result.height) == (1600, 1200)  # 1/2, then shrunk
    display_distance, moved_distance = distances_to_lanczos(data, result.display)
    assert display_distance < 0.75 * moved_distance


def test_pillow_here_has_libjpeg_turbo() -> None:
    # The 3/8 scale, which makes a 12 MP photo quicker to process than to decode, needs it.
    assert features.check_feature("libjpeg_turbo")
    assert photos.jpeg_scale._JPEG_EIGHTHS == (1, 2, 3, 4, 8)


def test_custom_sizes_are_respected() -> None:
    result = process(samples.large_jpeg(1000, 500), display_long_side=800, thumb_long_side=100)
    assert (result.width, result.height) == (800, 400)
    assert (result.thumb_width, result.thumb_height) == (100, 50)


def test_small_photos_are_not_enlarged() -> None:
    result = process(samples.tiny_png())
    assert (result.width, result.height, result.thumb_width, result.thumb_height) == (1, 1, 1, 1)
    image = assert_clean_jpeg(result.display)
    assert close(colour_at(image, 0, 0), samples.GREEN)


def test_very_thin_image_keeps_at_least_one_pixel() -> None:
    result = process(samples.thin_png(6000, 3))
    assert (result.width, result.height) == (1600, 1)
    assert (result.thumb_width, result.thumb_height) == (320, 1)


def test_multi_picture_jpeg_keeps_the_first_picture() -> None:
    image = assert_clean_jpeg(process(samples.mpo()).display)
    assert close(colour_at(image, 0.25, 0.25), samples.RED)


def test_same_photo_gives_same_result() -> None:
    data = samples.jpeg_with_metadata()
    assert process(data) == process(data)


def test_bytearray_and_memoryview_are_accepted() -> None:
    data = samples.jpeg()
    assert process_photo(bytearray(data)) == process_photo(memoryview(data)) == process(data)


# --------------------------------------------------------------------------- rejected

FRENCH_ACCEPTED_FORMATS = "JPEG, PNG ou WebP"

REJECTED: list[tuple[Sample, RejectionCode, str]] = [
    (samples.empty, RejectionCode.EMPTY, "vide"),
    (samples.random_bytes, RejectionCode.NOT_AN_IMAGE, "n'est pas une photo"),
    (samples.plain_text, RejectionCode.NOT_AN_IMAGE, FRENCH_ACCEPTED_FORMATS),
    (samples.svg, RejectionCode.UNSUPPORTED_FORMAT, "SVG"),
    (samples.html, RejectionCode.UNSUPPORTED_FORMAT, "n'est pas une photo"),
    (samples.shell_script, RejectionCode.UNSUPPORTED_FORMAT, "n'est pas une photo"),
    (samples.php_script, RejectionCode.UNSUPPORTED_FORMAT, "n'est pas une photo"),
    (samples.pdf, RejectionCode.UNSUPPORTED_FORMAT, "PDF"),
    (samples.zip_archive, RejectionCode.UNSUPPORTED_FORMAT, "n'est pas une photo"),
    (samples.gif, RejectionCode.UNSUPPORTED_FORMAT, "GIF"),
    (samples.tiff, RejectionCode.UNSUPPORTED_FORMAT, "TIFF"),
    (samples.bmp, RejectionCode.UNSUPPORTED_FORMAT, "BMP"),
    (samples.ico, RejectionCode.UNSUPPORTED_FORMAT, "ICO"),
    (samples.heic_header, RejectionCode.CORRUPT, "abîmée"),
    (samples.truncated_heic, RejectionCode.CORRUPT, "abîmée"),
    (samples.heic_sequence, RejectionCode.ANIMATED, "animées"),
    (samples.heic_zip_polyglot, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.heic_script_appended, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.avif_header, RejectionCode.UNSUPPORTED_FORMAT, "AVIF"),
    (samples.mp4_header, RejectionCode.UNSUPPORTED_FORMAT, "vidéos"),
    (samples.animated_gif, RejectionCode.ANIMATED, "animées"),
    (samples.looping_gif, RejectionCode.ANIMATED, "animées"),
    (samples.animated_webp, RejectionCode.ANIMATED, "animées"),
    (samples.apng, RejectionCode.ANIMATED, "animées"),
    (samples.truncated_jpeg, RejectionCode.CORRUPT, "abîmée"),
    (samples.jpeg_without_end, RejectionCode.CORRUPT, "abîmée"),
    (samples.jpeg_bad_huffman_table, RejectionCode.CORRUPT, "abîmée"),
    (samples.truncated_png, RejectionCode.CORRUPT, "abîmée"),
    (samples.png_bad_checksum, RejectionCode.CORRUPT, "abîmée"),
    (samples.truncated_webp, RejectionCode.CORRUPT, "abîmée"),
    (samples.png_bomb, RejectionCode.DECOMPRESSION_BOMB, "pas une vraie photo"),
    (samples.png_huge_header, RejectionCode.DECOMPRESSION_BOMB, "pas une vraie photo"),
    (samples.jpeg_zip_polyglot, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.png_zip_polyglot, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.jpeg_script_appended, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.jpeg_html_after_padding, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.jpeg_script_in_comment, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.jpeg_php_in_exif, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.jpeg_elf_appended, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.png_script_in_text_chunk, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
    (samples.webp_with_script_appended, RejectionCode.POLYGLOT, "autre chose qu'une photo"),
]


def assert_rejected(data: bytes, code: RejectionCode, words: str, **limits: int) -> None:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, **limits)
    error = caught.value
    assert error.code == code, error.detail
    assert words in error.message_fr
    assert str(error) == error.message_fr
    assert error.message_fr.endswith(".")
    assert len(error.message_fr) < 260  # short enough to read on a phone


@pytest.mark.parametrize(
    ("sample", "code", "words"), REJECTED, ids=[sample.__name__ for sample, _, _ in REJECTED]
)
def test_hostile_or_unsupported_files_are_refused_with_a_french_message(
    sample: Sample, code: RejectionCode, words: str
) -> None:
    assert_rejected(sample(), code, words)


def test_codes_are_plain_strings_for_logs() -> None:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(b"")
    assert caught.value.code == "empty"
    assert "empty" in repr(caught.value)


def test_file_over_15_mo_is_refused_before_reading_it() -> None:
    data = b"\xff\xd8\xff" + b"\x00" * (DEFAULT_MAX_BYTES - 2)  # one byte over
    assert_rejected(data, RejectionCode.TOO_LARGE, "15 Mo")
    assert_rejected(samples.jpeg(), RejectionCode.TOO_LARGE, "trop lourde", max_bytes=100)


def test_photo_over_40_megapixels_is_refused_before_decoding() -> None:
    # Frame header claims 8000x6000 = 48 MP; 200 kB of padding makes it a plausible photo.
    data = samples.jpeg_claiming_size(8000, 6000, padding=200_000)
    assert_rejected(data, RejectionCode.TOO_MANY_PIXELS, "40 millions de pixels")


def test_pixel_limit_can_be_lowered() -> None:
    data = samples.large_jpeg(1000, 800)
    assert_rejected(data, RejectionCode.TOO_MANY_PIXELS, "0,5 million", max_pixels=500_000)
    assert process(data, max_pixels=800_000).width == 1000


def test_pillow_bomb_check_backs_up_our_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # Even if the caller lifts our limit, Pillow's own check still stops a bomb...
    assert_rejected(
        samples.png_huge_header(), RejectionCode.DECOMPRESSION_BOMB, "vraie", max_pixels=10**12
    )
    # ...and its warning is mapped too when warnings are errors (as under pytest).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        assert_rejected(
            samples.jpeg(40, 40), RejectionCode.DECOMPRESSION_BOMB, "vraie", max_pixels=10**6
        )


@pytest.mark.parametrize("bad", ["photo.jpg", None, 12, ["\xff\xd8"], io.BytesIO(b"x")])
def test_wrong_argument_type_is_a_programming_error(bad: object) -> None:
    with pytest.raises(TypeError):
        process_photo(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "limits",
    [{"max_bytes": 0}, {"max_pixels": -1}, {"display_long_side": 0}, {"thumb_long_side": True}],
)
def test_nonsense_limits_are_a_programming_error(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        process_photo(samples.jpeg(), **limits)


def wide_jpeg_at_3_8() -> bytes:
    """Decoded by libjpeg at 3/8 of its size."""
    return samples.jpeg_with_metadata(4000, 300)


def progressive_jpeg_at_1_8() -> bytes:
    return samples.encode(samples.detailed(12000, 160), "JPEG", progressive=True)


@pytest.mark.parametrize(
    "sample",
    [
        lambda: samples.jpeg_with_metadata(120, 80),
        wide_jpeg_at_3_8,
        progressive_jpeg_at_1_8,
        samples.heic_with_metadata,
    ],
    ids=["small", "wide_at_3_8", "progressive_at_1_8", "heic"],
)
def test_truncated_copies_of_a_good_photo_never_crash(sample: Sample) -> None:
    """Every cut of a real photo is either refused cleanly or gives a clean JPEG."""
    data = sample()
    for cut in range(1, len(data), max(1, len(data) // 150)):
        try:
            result = process_photo(data[:cut])
        except PhotoRejected as error:
            assert error.code in {RejectionCode.CORRUPT, RejectionCode.NOT_AN_IMAGE}, cut
        else:
            assert_clean_jpeg(result.display)


@pytest.mark.parametrize(
    "sample",
    [
        samples.jpeg_with_metadata,
        wide_jpeg_at_3_8,
        progressive_jpeg_at_1_8,
        samples.png_with_text_and_alpha,
        samples.webp_with_metadata,
        samples.heic_with_metadata,
    ],
    ids=lambda sample: sample.__name__,
)
def test_flipped_bytes_in_a_good_photo_never_crash(sample: Sample) -> None:
    """Random damage gives a clean refusal or a clean JPEG, never another exception."""
    rng = random.Random(11)
    original = sample()
    for _ in range(80):
        data = bytearray(original)
        for _ in range(3):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            result = process_photo(bytes(data))
        except PhotoRejected:
            continue
        assert_clean_jpeg(result.display)
