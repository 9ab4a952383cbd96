"""Traces: what a trainee keeps of an experience (text, photos, links, competencies).

Every write to a trace goes through this package. Errors are `TraceError` (a ValueError)
whose ``str()`` is a short sentence (French; in a request, the reader's language);
`TraceError.errors` maps form field names
(``title``, ``happened_on``, ``context``, ``company_name``, ``body``, ``competencies``,
``links``, ``photos``) to their message, so a form or a JSON API can show each one in place.

Rules in one place:

* A **draft** (``TraceStatus.DRAFT``) needs only a title: it is saved from a phone in a few
  taps and completed later. A missing date becomes today, a missing context "other".
* A **complete** trace needs a title and a context (where it happened): the data the model
  cannot do without. A missing date becomes today; the text, the competencies (suggested by
  `suggest_competencies`, added now or later) and an internship's company are optional.
* **Competencies** are named by (framework, version, id) of the current e2c-apc framework.
  New ones must exist and not be retired; one already on the trace keeps its recorded
  version when the trace is edited, even if it has been retired since.
* **Links** are http or https only, without user name or password, at most 2000 characters;
  `link_domain` gives what the page shows beside each link.
* **Photos** are checked and re-encoded by `services.photos.process_photo`. Files are
  written first, then the row; if the transaction is rolled back, the files written for it
  are deleted (see `photos._FileJournal`). Deleting removes the rows first and the files only once
  the deletion is committed: a crash can leave orphan files (cleaned by
  `cleanup_orphan_photos`, CLI ``flask --app portfolio photos cleanup``), never a row that
  points to a missing file. The same holds on every backend (`photo_storage()`: the local
  folder or an S3 bucket, see `portfolio/storage`); a store that does not answer refuses the
  photo with a plain message (`PhotoRefused`, code ``storage_unavailable``) and saves nothing.
  Each trainee has a storage quota (``STORAGE_QUOTA_BYTES``), shared by photos and voice.
* **Recordings** ("Parler au lieu d'écrire"): checked and re-encoded to Ogg/Opus by
  `services.audio.process_audio`, stored like photos (``recordings``: `store_recording` is
  the one writer, for traces, replies and interview answers). A trace has at most one; with
  it, the title may stay empty (the recording stands for the words).

The caller (a view, an API endpoint) commits on success and rolls back on error.

One module per subject: ``inputs`` (what the trainee types, limits), ``errors``, ``access``
(who may see or change a trace), ``links``, ``editing`` (create, update, delete), ``photos``
(files, quota, clean-up), ``pending`` (photos kept before the trace exists),
``suggestions`` (competencies suggested from words and context), ``lists`` (the portfolio list) and ``overview`` ("Où j'en suis", with ``standing``, its four figures for the home).
"""

from portfolio.services.access import find_photo, find_trace
from portfolio.trainee.services.editing import (
    client_key,
    create_trace,
    delete_trace,
    sent_trace,
    update_trace,
)
from portfolio.trainee.services.errors import (
    PhotoRefused,
    RecordingRefused,
    TraceAlreadySent,
    TraceError,
    TraceNotFound,
)
from portfolio.trainee.services.inputs import (
    MAX_BODY,
    MAX_CAPTION,
    MAX_COMPANY,
    MAX_COMPETENCIES,
    MAX_LINK_TITLE,
    MAX_LINKS,
    MAX_PHOTOS,
    MAX_TITLE,
    MAX_URL,
    PER_PAGE,
    LinkInput,
    TraceData,
    TraceFilters,
)
from portfolio.trainee.services.links import link_domain, validate_link
from portfolio.trainee.services.lists import TracePage, list_cards, list_traces, traces_for_choice
from portfolio.trainee.services.overview import (
    CompetencyProgress,
    DomainProgress,
    Overview,
    Standing,
    overview,
    standing,
)
from portfolio.trainee.services.pending import (
    attach_pending_photo,
    keep_pending_photo,
    read_pending_thumbnail,
)
from portfolio.trainee.services.photos import (
    CleanupResult,
    StorageUsage,
    add_photo,
    cleanup_orphan_photos,
    delete_photo,
    format_bytes,
    photo_storage,
    read_photo,
    storage_usage,
    update_photo_caption,
)
from portfolio.trainee.services.recordings import (
    attach_trace_recording,
    delete_recording,
    max_audio_bytes,
    read_recording,
    store_recording,
)
from portfolio.trainee.services.suggestions import last_context, suggest_competencies

__all__ = [
    "MAX_BODY",
    "MAX_CAPTION",
    "MAX_COMPANY",
    "MAX_COMPETENCIES",
    "MAX_LINKS",
    "MAX_LINK_TITLE",
    "MAX_PHOTOS",
    "MAX_TITLE",
    "MAX_URL",
    "PER_PAGE",
    "CleanupResult",
    "CompetencyProgress",
    "DomainProgress",
    "LinkInput",
    "Overview",
    "PhotoRefused",
    "RecordingRefused",
    "Standing",
    "StorageUsage",
    "TraceAlreadySent",
    "TraceData",
    "TraceError",
    "TraceFilters",
    "TraceNotFound",
    "TracePage",
    "add_photo",
    "attach_pending_photo",
    "attach_trace_recording",
    "cleanup_orphan_photos",
    "client_key",
    "create_trace",
    "delete_photo",
    "delete_recording",
    "delete_trace",
    "find_photo",
    "find_trace",
    "format_bytes",
    "keep_pending_photo",
    "last_context",
    "link_domain",
    "list_cards",
    "list_traces",
    "max_audio_bytes",
    "overview",
    "photo_storage",
    "read_pending_thumbnail",
    "read_photo",
    "read_recording",
    "sent_trace",
    "standing",
    "storage_usage",
    "store_recording",
    "suggest_competencies",
    "traces_for_choice",
    "update_photo_caption",
    "update_trace",
    "validate_link",
]
