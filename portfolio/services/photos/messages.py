"""What a refused upload says: a stable code for logs and tests, a French text for people.

The package imports neither Flask nor the app, so it cannot know the reader's language:
`_` and `ngettext` below build a `FrenchText`, which keeps its message id and placeholders
so that the app can show it translated. Babel extracts them like the app's own calls.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class FrenchText(str):
    """A message for the user: the French text, plus what the app needs to translate it.

    ``msgid`` (and ``plural``, chosen by ``num``) are ids of the app's catalogue, and
    ``params`` fill their ``%(name)s`` placeholders; a param may itself be a `FrenchText`.
    Built by `_` and `ngettext` below, which Babel extracts like the app's own.
    """

    msgid: str
    plural: str | None
    num: int
    params: dict[str, object]

    def __new__(
        cls,
        msgid: str,
        plural: str | None = None,
        num: int = 1,
        params: dict[str, object] | None = None,
    ) -> FrenchText:
        params = dict(params or {})
        text = plural if plural is not None and num != 1 else msgid
        if plural is not None:
            text %= {"num": num, **params}
        elif params:
            text %= params
        self = super().__new__(cls, text)
        self.msgid, self.plural, self.num, self.params = msgid, plural, num, params
        return self


def _(msgid: str, **params: object) -> FrenchText:
    """The French text, kept translatable (this module cannot look up the reader's language)."""
    return FrenchText(msgid, params=params)


def ngettext(singular: str, plural: str, num: int, **params: object) -> FrenchText:
    """Singular or plural French form for ``num`` (given to the text as ``%(num)d``)."""
    return FrenchText(singular, plural, num, params)


def N_(text: str) -> str:
    """Mark a French text kept in a constant for translation; wrap it with `_` when used."""
    return text


class RejectionCode(StrEnum):
    """Why a file was refused. Stable values: safe to log, store and test.

    * ``empty``: zero bytes. ``too_large``: more bytes than `max_bytes`.
    * ``too_many_pixels``: the header declares more than `max_pixels` (a real big photo).
    * ``decompression_bomb``: over the pixel limit with more than `BOMB_PIXELS_PER_BYTE`
      declared pixels per byte of file (no photo compresses that well), or stopped by
      Pillow's own bomb check.
    * ``unsupported_format``: we recognise what it is (GIF, TIFF, BMP, ICO, PSD, JPEG 2000,
      JPEG XL, AVIF, video, PDF, ZIP, SVG, HTML, script...) and do not take it.
    * ``not_an_image``: we cannot tell what it is.
    * ``animated``: APNG, animated WebP, GIF with several frames, HEIF image sequence.
    * ``corrupt``: JPEG/PNG/WebP/HEIF that is truncated, fails a checksum or does not decode.
    * ``polyglot``: a valid image that is also something else (see the module notes).
    """

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    DECOMPRESSION_BOMB = "decompression_bomb"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    ANIMATED = "animated"
    CORRUPT = "corrupt"
    POLYGLOT = "polyglot"


# Marked for translation; `PhotoRejected` wraps them with `_`.
_DEFAULT_MESSAGES: Final[dict[RejectionCode, str]] = {
    RejectionCode.EMPTY: N_("Le fichier est vide. Choisissez une photo."),
    RejectionCode.TOO_LARGE: N_("La photo est trop lourde."),
    RejectionCode.TOO_MANY_PIXELS: N_(
        "La photo est trop grande. Réduisez sa taille, puis réessayez."
    ),
    RejectionCode.DECOMPRESSION_BOMB: N_(
        "Ce fichier n'est pas une vraie photo : sa taille est impossible. "
        "Choisissez une autre photo."
    ),
    RejectionCode.NOT_AN_IMAGE: N_(
        "Ce fichier n'est pas une photo. Choisissez une photo JPEG, PNG ou WebP."
    ),
    RejectionCode.UNSUPPORTED_FORMAT: N_(
        "Ce format de fichier n'est pas accepté. Choisissez une photo JPEG, PNG ou WebP."
    ),
    RejectionCode.ANIMATED: N_(
        "Les images animées ne sont pas acceptées. Choisissez une photo fixe, en JPEG, PNG ou WebP."
    ),
    RejectionCode.CORRUPT: N_(
        "La photo est abîmée ou incomplète. Envoyez-la de nouveau ou choisissez une autre photo."
    ),
    RejectionCode.POLYGLOT: N_(
        "Ce fichier cache autre chose qu'une photo. Pour votre sécurité, il est refusé. "
        "Choisissez une autre photo."
    ),
}


class PhotoRejected(Exception):
    """The upload is not a photo we accept.

    `code` is stable and meant for logs and tests; `message_fr` is what the user reads (a
    `FrenchText`, which the app translates); `detail` is an English note for logs (never
    show it to the user).
    """

    def __init__(
        self, code: RejectionCode, message_fr: str | None = None, *, detail: str = ""
    ) -> None:
        self.code = code
        self.message_fr = message_fr or _(_DEFAULT_MESSAGES[code])
        self.detail = detail
        super().__init__(self.message_fr)

    def __repr__(self) -> str:
        return f"PhotoRejected(code={self.code.value!r}, detail={self.detail!r})"


def _corrupt(detail: str) -> PhotoRejected:
    return PhotoRejected(RejectionCode.CORRUPT, detail=detail)
