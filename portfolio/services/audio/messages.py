"""What a refused recording says: a stable code for logs and tests, a French text for people.

The texts are `FrenchText`s (from the photo pipeline's `messages`): this package imports
neither Flask nor the app, so the app translates them (`services.i18n.translate_deferred`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from portfolio.services.photos.messages import N_, FrenchText, _

__all__ = ["AudioRejected", "AudioRejection", "FrenchText"]


class AudioRejection(StrEnum):
    """Why a recording was refused. Stable values: safe to log, store and test.

    * ``empty``: zero bytes, or a file with no sound in it.
    * ``too_large``: more bytes than `max_bytes`. ``too_long``: more seconds than
      `max_seconds`, found by decoding (never by the header, which may lie).
    * ``not_audio``: not a recording we recognise (a page, a picture, an archive...).
    * ``video``: a film (a picture track beside the sound).
    * ``corrupt``: a recording that is cut short or does not decode.
    * ``polyglot``: a valid recording that also carries a page, a script or an archive.
    """

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_LONG = "too_long"
    NOT_AUDIO = "not_audio"
    VIDEO = "video"
    CORRUPT = "corrupt"
    POLYGLOT = "polyglot"


# Marked for translation; `AudioRejected` wraps them with `_`.
_DEFAULT_MESSAGES: Final[dict[AudioRejection, str]] = {
    AudioRejection.EMPTY: N_("L'enregistrement est vide. Parlez, puis réessayez."),
    AudioRejection.TOO_LARGE: N_("L'enregistrement est trop lourd."),
    AudioRejection.TOO_LONG: N_("L'enregistrement est trop long."),
    AudioRejection.NOT_AUDIO: N_(
        "Ce fichier n'est pas un enregistrement de voix. Enregistrez-vous, ou choisissez un "
        "fichier audio."
    ),
    AudioRejection.VIDEO: N_("Les vidéos ne sont pas acceptées. Enregistrez seulement votre voix."),
    AudioRejection.CORRUPT: N_(
        "L'enregistrement est abîmé ou incomplet. Enregistrez-vous de nouveau."
    ),
    AudioRejection.POLYGLOT: N_(
        "Ce fichier cache autre chose qu'un enregistrement. Pour votre sécurité, il est refusé."
    ),
}


class AudioRejected(Exception):
    """The upload is not a recording we accept.

    `code` is stable (logs, tests); `message_fr` is what the user reads (a `FrenchText`, which
    the app translates); `detail` is an English note for logs, never shown.
    """

    def __init__(
        self, code: AudioRejection, message_fr: str | None = None, *, detail: str = ""
    ) -> None:
        self.code = code
        self.message_fr = message_fr or _(_DEFAULT_MESSAGES[code])
        self.detail = detail
        super().__init__(self.message_fr)

    def __repr__(self) -> str:
        return f"AudioRejected(code={self.code.value!r}, detail={self.detail!r})"


def too_long(max_seconds: int, detail: str) -> AudioRejected:
    """The refusal of a recording over ``max_seconds``, quoting the limit in minutes."""
    minutes, seconds = divmod(max_seconds, 60)
    if seconds:
        limit = _("%(m)d min %(s)02d s", m=minutes, s=seconds)
    else:
        limit = _("%(m)d minutes", m=minutes) if minutes > 1 else _("1 minute")
    return AudioRejected(
        AudioRejection.TOO_LONG,
        _("L'enregistrement est trop long (maximum %(limit)s). Faites plus court.", limit=limit),
        detail=detail,
    )
