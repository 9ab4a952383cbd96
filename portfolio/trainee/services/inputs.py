"""What a trainee may type for a trace, and the limits on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from portfolio.models import TraceContext, TraceStatus

MAX_TITLE: Final = 200
MAX_BODY: Final = 20_000
MAX_COMPANY: Final = 200
MAX_CAPTION: Final = 300
MAX_URL: Final = 2000
MAX_LINK_TITLE: Final = 200
MAX_LINKS: Final = 20
MAX_PHOTOS: Final = 20
MAX_COMPETENCIES: Final = 40
PER_PAGE: Final = 20
RECENT: Final = 5
PHOTO_PREFIX: Final = "photos/"
AUDIO_PREFIX: Final = "audio/"  # voice recordings (`recordings`), in the same store
IMPORT_PREFIX: Final = "imports/"  # a portfolio ZIP waiting for its import to be confirmed
EARLIEST: Final = date(1990, 1, 1)


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A link as typed by the trainee (checked by `validate_link`)."""

    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class TraceData:
    """What the trainee typed for a trace (create or full update).

    ``status`` is what they asked for: a draft, or a complete trace (checked strictly).
    ``competency_ids`` are e2c-apc competency ids; ``indicator_ids`` optional indicators of
    those competencies (an indicator also selects its competency). ``client_key`` (create
    only) makes the creation idempotent. ``spoken``: the trace has (or gets with this save)
    a voice recording, which stands for the words: the title may then be left empty.
    """

    title: str
    status: TraceStatus = TraceStatus.COMPLETE
    body: str = ""
    happened_on: date | None = None
    context: TraceContext | None = None
    company_name: str | None = None
    competency_ids: Sequence[str] = ()
    indicator_ids: Sequence[str] = ()
    links: Sequence[LinkInput] = ()
    # A UUID written when the form opened: the same key sent again gives the same trace.
    client_key: str | None = None
    spoken: bool = False


@dataclass(frozen=True, slots=True)
class TraceFilters:
    """Filters of the portfolio list; None means "any". Dates are inclusive."""

    domain_id: str | None = None
    competency_id: str | None = None
    context: TraceContext | None = None
    status: TraceStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
