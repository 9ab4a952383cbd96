"""The voice pipeline (portfolio/services/audio): the four formats phones send are accepted
and re-encoded to Ogg/Opus without their metadata; issue 14's hostile corpus is refused."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import av
import pytest

from audio import samples
from portfolio.services.audio import AudioRejected, AudioRejection, process_audio

ACCEPTED: list[Callable[..., bytes]] = [
    samples.webm_opus,
    samples.mp4_aac,
    samples.wav,
    samples.ogg_vorbis,
]

REJECTED: list[tuple[Callable[[], bytes], AudioRejection, str]] = [
    (lambda: b"", AudioRejection.EMPTY, "L'enregistrement est vide"),
    (samples.html, AudioRejection.NOT_AUDIO, "n'est pas un enregistrement de voix"),
    (samples.svg, AudioRejection.NOT_AUDIO, "n'est pas un enregistrement de voix"),
    (samples.zip_file, AudioRejection.NOT_AUDIO, "n'est pas un enregistrement de voix"),
    (samples.truncated_mp4, AudioRejection.CORRUPT, "abîmé ou incomplet"),
    (samples.truncated_wav, AudioRejection.CORRUPT, "abîmé ou incomplet"),
    (samples.truncated_ogg, AudioRejection.CORRUPT, "abîmé ou incomplet"),
    (samples.ten_hours_of_silence, AudioRejection.TOO_LONG, "trop long (maximum 3 minutes)"),
    (samples.wav_header_says_one_second, AudioRejection.TOO_LONG, "trop long"),
    (samples.polyglot_wav_zip, AudioRejection.POLYGLOT, "cache autre chose"),
    (samples.polyglot_webm_html, AudioRejection.POLYGLOT, "cache autre chose"),
    (samples.video_mp4, AudioRejection.VIDEO, "Les vidéos ne sont pas acceptées"),
]


def _decoded(data: bytes) -> tuple[str, list[str], float, dict[str, str]]:
    """Container name, stream codecs, decoded seconds and every tag of an Ogg file."""
    with av.open(io.BytesIO(data)) as container:
        codecs = [s.codec_context.name for s in container.streams]
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels
        samples_ = sum(frame.samples for frame in container.decode(stream))
        tags = {**container.metadata, **stream.metadata}
        assert channels == 1
        return container.format.name, codecs, samples_ / 48_000, tags


@pytest.mark.parametrize("sample", ACCEPTED, ids=[s.__name__ for s in ACCEPTED])
def test_phone_formats_become_mono_ogg_opus_with_their_real_duration(sample):
    result = process_audio(sample(3.0))
    assert result.data.startswith(b"OggS")
    assert result.content_type == "audio/ogg"
    name, codecs, seconds, _tags = _decoded(result.data)
    assert (name, codecs) == ("ogg", ["opus"])
    assert abs(seconds - 3.0) < 0.1
    assert abs(result.duration_ms - 3000) < 100
    assert len(result.data) < 20_000  # 32 kb/s: about 4 kB a second


@pytest.mark.parametrize("sample", ACCEPTED, ids=[s.__name__ for s in ACCEPTED])
def test_tags_of_the_input_are_not_in_the_output(sample):
    original = sample(1.0, tags=True)
    assert samples.SECRET_TAG.encode() in original  # the input does carry them
    result = process_audio(original)
    assert samples.SECRET_TAG.encode() not in result.data
    assert b"Lavf" not in result.data  # not even the encoder's name
    _name, _codecs, _seconds, tags = _decoded(result.data)
    assert samples.SECRET_TAG not in tags.values()


@pytest.mark.parametrize(
    ("sample", "code", "words"), REJECTED, ids=[s.__name__ for s, _c, _w in REJECTED]
)
def test_the_hostile_corpus_is_refused_with_a_clear_french_message(sample, code, words):
    with pytest.raises(AudioRejected) as caught:
        process_audio(sample())
    assert caught.value.code is code, caught.value.detail
    assert words in str(caught.value)


def test_a_ten_hour_file_is_refused_after_decoding_only_the_limit():
    data = samples.ten_hours_of_silence()
    started = time.process_time()
    with pytest.raises(AudioRejected) as caught:
        process_audio(data, max_seconds=60)
    # Decoding stopped just past the limit (60 s at 48 kHz), not after ten hours.
    assert caught.value.detail == f"stopped after {60 * 48_000 + 6} samples" or (
        "stopped after" in caught.value.detail and int(caught.value.detail.split()[2]) < 61 * 48_000
    )
    assert "maximum 1 minute" in str(caught.value)
    assert time.process_time() - started < 30  # a generous bound: ten hours would not fit


def test_the_limit_is_a_parameter_five_minutes_for_an_interview_answer():
    four_minutes = samples.wav_header_says_one_second()  # 4 min of data at 8 kHz
    with pytest.raises(AudioRejected):
        process_audio(four_minutes, max_seconds=180)
    result = process_audio(four_minutes, max_seconds=300)
    assert abs(result.duration_ms - 240_000) < 100


def test_size_limit_is_checked_before_anything_is_read():
    with pytest.raises(AudioRejected) as caught:
        process_audio(samples.wav(1.0), max_bytes=1000)
    assert caught.value.code is AudioRejection.TOO_LARGE


def test_a_file_with_no_sound_in_it_is_empty():
    with pytest.raises(AudioRejected) as caught:
        process_audio(samples.wav_header(8000, 0))
    assert caught.value.code in {AudioRejection.EMPTY, AudioRejection.CORRUPT}


def test_programming_errors_are_not_rejections():
    with pytest.raises(TypeError):
        process_audio("not bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        process_audio(b"x", max_seconds=0)
