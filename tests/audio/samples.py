"""Voice files made in the tests with PyAV: no binary blobs in the repository.

Each builder returns the bytes of one file: the four formats phones and browsers send, and
the hostile ones of issue 14's corpus.
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
from array import array

import av

SECRET_TAG = "Titre-secret-4217"


def pcm_s16(seconds: float, rate: int = 48_000, freq: float = 440.0) -> bytes:
    """A quiet sine tone, mono, signed 16-bit little-endian."""
    n = int(seconds * rate)
    step = 2 * math.pi * freq / rate
    return array("h", (int(9000 * math.sin(step * i)) for i in range(n))).tobytes()


def encode(
    container: str,
    codec: str,
    seconds: float = 3.0,
    *,
    rate: int = 48_000,
    video: bool = False,
    tags: bool = False,
) -> bytes:
    """``seconds`` of tone in ``container`` with ``codec``; a picture track if ``video``."""
    buffer = io.BytesIO()
    raw = pcm_s16(seconds, rate)
    with av.open(buffer, "w", format=container) as out:
        if tags:
            out.metadata.update({"title": SECRET_TAG, "artist": SECRET_TAG, "comment": SECRET_TAG})
        stream = out.add_stream(codec, rate=rate, layout="mono")
        if tags:
            stream.metadata["title"] = SECRET_TAG
        picture = None
        if video:
            picture = out.add_stream("mpeg4", rate=10)
            picture.width = picture.height = 64
            picture.pix_fmt = "yuv420p"
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=rate
        )
        total = len(raw) // 2
        for start in range(0, total, 4800):
            part = raw[2 * start : 2 * min(total, start + 4800)]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(part) // 2)
            frame.planes[0].update(part)
            frame.sample_rate = rate
            frame.pts = start
            for chunk in resampler.resample(frame):
                out.mux(stream.encode(chunk))
        for chunk in resampler.resample(None):
            out.mux(stream.encode(chunk))
        out.mux(stream.encode(None))
        if picture is not None:
            for n in range(int(seconds * 10)):
                image = av.VideoFrame(64, 64, "yuv420p")
                for plane in image.planes:
                    plane.update(bytes(plane.buffer_size))
                image.pts = n
                out.mux(picture.encode(image))
            out.mux(picture.encode(None))
    return buffer.getvalue()


def webm_opus(seconds: float = 3.0, tags: bool = False) -> bytes:
    """What Chromium's and Firefox's MediaRecorder send."""
    return encode("webm", "libopus", seconds, tags=tags)


def mp4_aac(seconds: float = 3.0, tags: bool = False) -> bytes:
    """What an iPhone's MediaRecorder (and its voice memos) send."""
    return encode("mp4", "aac", seconds, tags=tags)


def wav(seconds: float = 3.0, tags: bool = False) -> bytes:
    return encode("wav", "pcm_s16le", seconds, tags=tags)


def ogg_vorbis(seconds: float = 3.0, tags: bool = False) -> bytes:
    return encode("ogg", "libvorbis", seconds, tags=tags)


def video_mp4() -> bytes:
    """A film: sound and a picture track."""
    return encode("mp4", "aac", 2.0, video=True)


def wav_header(rate: int, samples: int, bits: int = 8) -> bytes:
    size = samples * bits // 8
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * bits // 8, bits // 8, bits)
    return (
        b"RIFF"
        + struct.pack("<I", 36 + size)
        + b"WAVEfmt "
        + fmt
        + b"data"
        + struct.pack("<I", size)
    )


def ten_hours_of_silence() -> bytes:
    """Ten hours of silence in 288 kB: a WAV at 8 samples a second (FFmpeg decodes it)."""
    samples = 8 * 36_000
    return wav_header(8, samples) + b"\x80" * samples


def wav_header_says_one_second() -> bytes:
    """A WAV whose header claims 1 s while its data holds 4 minutes (size fields say "unknown")."""
    data = b"\x80" * (8000 * 240)
    head = wav_header(8000, 8000)
    return head[:-4] + b"\xff\xff\xff\xff" + data


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("voix.txt", "bonjour")
    return buffer.getvalue()


def polyglot_wav_zip() -> bytes:
    """A valid WAV with a ZIP archive after its sound (unzip and players both open it)."""
    return wav(1.0) + zip_file()


def polyglot_webm_html() -> bytes:
    """A valid WebM whose title tag is a web page."""
    buffer = io.BytesIO()
    raw = webm_opus(1.0)
    with av.open(io.BytesIO(raw)) as src, av.open(buffer, "w", format="webm") as out:
        out.metadata["title"] = "<html><script>alert(1)</script></html>"
        stream = out.add_stream_from_template(src.streams.audio[0])
        for packet in src.demux(src.streams.audio[0]):
            if packet.dts is None:
                continue
            packet.stream = stream
            out.mux(packet)
    return buffer.getvalue()


def truncated_mp4() -> bytes:
    data = mp4_aac()
    return data[: len(data) // 2]


def truncated_wav() -> bytes:
    data = wav()
    return data[: len(data) // 2]


def truncated_ogg() -> bytes:
    data = ogg_vorbis()
    return data[: len(data) - 10]
