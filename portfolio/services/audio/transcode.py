"""Decode the sound with PyAV (FFmpeg) and re-encode it as Ogg/Opus, mono, from samples only.

* The demuxer is the one `sniff` chose: FFmpeg never probes for another format.
* The duration is counted on the decoded samples, never read from the header (WebM from
  MediaRecorder has none, and a header may lie). Decoding stops as soon as the count passes
  the limit: a ten-hour file costs the decoding of the limit, not ten hours.
* A picture track (a video) is refused; a cover picture of a music file is not a track of
  the recording and is left behind like every other piece of metadata.
* Any decoding error, a demuxer that cannot find the stream's parameters, or a container
  whose sizes promise more than the file holds (a WAV cut short) is ``corrupt``.
* Output: Ogg/Opus, mono, 48 kHz, 32 kb/s (speech stays clear; 3 minutes is about 720 kB).
  The Ogg muxer runs in bit-exact mode: no encoder tag, and no input metadata is ever copied.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

import av
import av.error

from .messages import AudioRejected, AudioRejection, too_long

OUTPUT_RATE: Final = 48_000
OUTPUT_BITRATE: Final = 32_000
# Complexity 3 of 10: a third less CPU than the default for a voice at 32 kb/s, where the
# difference is not audible. Rejected: "voip" mode (its speech tuning costs 50 % more CPU).
_OPUS_OPTIONS: Final = {"compression_level": "3"}
_OPEN_OPTIONS: Final = {"probesize": "5000000", "analyzeduration": "5000000"}


@dataclass(frozen=True, slots=True)
class Encoded:
    data: bytes
    samples: int


def _corrupt(detail: str) -> AudioRejected:
    return AudioRejected(AudioRejection.CORRUPT, detail=detail)


def transcode(data: bytes, demuxer: str, max_seconds: int) -> Encoded:
    """Decode ``data`` with ``demuxer`` and return Ogg/Opus bytes and the sample count."""
    try:
        source = av.open(io.BytesIO(data), "r", format=demuxer, options=dict(_OPEN_OPTIONS))
    except (av.error.FFmpegError, ValueError, OSError) as err:
        raise _corrupt(f"{demuxer} does not open: {err}") from None
    try:
        return _transcode_open(source, demuxer, max_seconds)
    except (av.error.FFmpegError, ValueError, OSError) as err:
        raise _corrupt(f"{demuxer} does not decode: {err}") from None
    finally:
        source.close()


def _picture_tracks(source: av.container.InputContainer) -> int:
    count = 0
    for stream in source.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            count += 1
    return count


def _transcode_open(source: av.container.InputContainer, demuxer: str, max_seconds: int) -> Encoded:
    if _picture_tracks(source):
        raise AudioRejected(AudioRejection.VIDEO, detail=f"{demuxer} with a picture track")
    if not source.streams.audio:
        raise AudioRejected(AudioRejection.NOT_AUDIO, detail=f"{demuxer} without sound")
    stream = source.streams.audio[0]
    if not stream.codec_context.sample_rate:
        raise _corrupt(f"{demuxer}: no sample rate")
    limit = max_seconds * OUTPUT_RATE
    out_buffer = io.BytesIO()
    output = av.open(out_buffer, "w", format="ogg", options={"fflags": "+bitexact"})
    try:
        encoder = output.add_stream("libopus", rate=OUTPUT_RATE, layout="mono")
        encoder.codec_context.options = dict(_OPUS_OPTIONS)
        encoder.bit_rate = OUTPUT_BITRATE
        encoder.codec_context.flags |= av.codec.context.Flags.bitexact
        resampler = av.AudioResampler(
            format=encoder.codec_context.format.name, layout="mono", rate=OUTPUT_RATE
        )
        samples = 0
        for packet in source.demux(stream):
            for frame in packet.decode():
                frame.pts = None  # type: ignore[assignment]
                for chunk in resampler.resample(frame):  # type: ignore[arg-type]
                    samples += chunk.samples
                    if samples > limit:
                        raise too_long(max_seconds, f"stopped after {samples} samples")
                    output.mux(encoder.encode(chunk))
        for chunk in resampler.resample(None):
            samples += chunk.samples
            output.mux(encoder.encode(chunk))
        if samples > limit:
            raise too_long(max_seconds, f"{samples} samples")
        output.mux(encoder.encode(None))
    finally:
        output.close()
    return Encoded(out_buffer.getvalue(), samples)
