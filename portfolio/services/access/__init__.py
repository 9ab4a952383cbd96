"""Who may see or act on which record: the one place where those rules live.

Every guard takes the person asking (or a trainee the caller has already guarded) and a
record id, and returns the record or raises :class:`~portfolio.services.errors.NotFound`.
A record someone may not see answers 404, never 403, so its existence is not disclosed; the
web layer (``portfolio/errors.py``) and the API (``portfolio/api/blueprint.py``) turn
``NotFound`` into their 404, so views call guards and catch nothing.

Naming rule: a guard is called ``<ground>_<record>``, the ground on which the caller reaches
the record:

- ``visible_*(viewer, id)``: anyone who may see the trainee it is about (the trainee, their
  referent or the colleague covering, an admin of their site): trainee, trace, photo,
  recording, statement, interview (a practice session);
- ``own_*(user, id)``: only the trainee it belongs to: trace, photo, contact, pending photo
  (by its token), interview; and a person's own push subscription (by its endpoint);
- ``trainee_*(trainee, id)``: it belongs to ``trainee``, whom the caller has already guarded:
  trace, note, review, objective, internship, attestation, badge;
- ``site_*(trainee, id)``: published for the trainee's site by a partner company: offer; of
  the trainee's site: session, activity (what the path lets them ask for);
- ``company_*(user, id)``: reached by the user's partner company: offer, contact, saved
  search, showcase;
- ``site_slot(trainee, id)`` / ``company_slot(user, id)``: an interview simulation slot,
  offered to the trainee's site / by the user's partner company (``simulations``);
- ``staff_*(viewer, id)``: the trainee's referent or a site admin: showcase;
- ``party_*(viewer, id)``: a party to a trainee's conversations: the trainee, or the referent
  who follows them now (their own, or the colleague covering during a hand-over only); no
  admin, no company: conversation, attachment;
- ``followed_*(referent, id)``: about a trainee the referent follows now (own or covering):
  a follow-up contact after the exit;
- ``told_*(user, kind, id)``: something "Nouveau pour vous" tells ``user`` of: news;
- ``public_*(address)``: reached by an address printed on a document: a given attestation
  (its verification page), a badge, a site as the issuer of badges;
- ``managed_*(admin, id)``: within the admin's reach (their site; network admins: all):
  user, site, company, join request, rectification request;
- ``team_*(viewer, id)``: the pedagogical team of the record's site (its referents and
  admins; network admins: every site): activity, session, site (its coverage map), a
  referent of the site (their cohort);
- ``editable_activity(user, id)``: an activity of the user's site catalogue they may change
  (site admins; referents too when the site says "team"); ``library_activity``: one a
  staff member may copy (the network library or any site's catalogue);
- ``attended_session(trainee, id)``: a session the trainee is in; ``own_group``: a saved
  group of its owner; ``own_path_request`` / ``team_path_request``: a trainee's join request
  or interest, for its author or for the team of its site (file ``path``);
- ``operator_request(...)``: not a person's record but the service's own figures
  (``/metriques``): an operator's bearer token or a configured network, else 404.

Predicates (``can_see_trainee``, ``visible_to_company``...) and queries
(``followed_trainees_query``, ``users_manageable_by``) stay here too, so the guards and the
lists agree. The guards live in one file per ground family (``people``, ``records`` with the
``public_*`` ones, ``companies``, ``simulations``, ``conversations``, ``activities``, ``news``,
``followup``, ``path``; shared helpers in ``_base``) and are all exported here: callers write
``access.visible_trace(...)``, and a new
guard goes in the file of its ground and in the list below. Ids beyond a 32-bit integer name nothing: every guard answers 404 for them
instead of letting PostgreSQL fail.
"""

from __future__ import annotations

from portfolio.services.access._base import (
    valid_id,
)
from portfolio.services.access.activities import (
    attended_session,
    editable_activity,
    in_team_of,
    is_staff,
    library_activity,
    may_edit_catalogue,
    own_group,
    team_activity,
    team_referent,
    team_session,
    team_site,
)
from portfolio.services.access.companies import (
    company_contact,
    company_offer,
    company_saved_search,
    company_showcase,
    is_partner,
    is_visible,
    managed_company,
    managed_join_request,
    operator_request,
    own_contact,
    site_offer,
    staff_showcase,
    visible_to_company,
)
from portfolio.services.access.conversations import (
    conversation_party,
    party_attachment,
    party_conversation,
    party_trainee,
    party_trainees,
)
from portfolio.services.access.followup import (
    followed_contact,
)
from portfolio.services.access.news import (
    told_news,
)
from portfolio.services.access.path import (
    own_path_request,
    site_activity,
    site_session,
    team_path_request,
)
from portfolio.services.access.people import (
    FOLLOWED_IDS,
    can_see_trainee,
    covered_referent_ids,
    followed_params,
    followed_query,
    followed_trainees_query,
    managed_rectification,
    managed_site,
    managed_user,
    users_manageable_by,
    visible_trainee,
)
from portfolio.services.access.records import (
    erased_attestation,
    find_photo,
    find_trace,
    own_interview,
    own_pending_photo,
    own_photo,
    own_push_subscription,
    own_trace,
    public_attestation,
    public_badge,
    public_competency,
    public_site,
    trainee_attestation,
    trainee_badge,
    trainee_internship,
    trainee_note,
    trainee_objective,
    trainee_review,
    trainee_trace,
    visible_interview,
    visible_photo,
    visible_recording,
    visible_statement,
    visible_trace,
)
from portfolio.services.access.simulations import (
    company_slot,
    site_slot,
)

__all__ = [
    "FOLLOWED_IDS",
    "attended_session",
    "can_see_trainee",
    "company_contact",
    "company_offer",
    "company_saved_search",
    "company_showcase",
    "company_slot",
    "conversation_party",
    "covered_referent_ids",
    "editable_activity",
    "erased_attestation",
    "find_photo",
    "find_trace",
    "followed_contact",
    "followed_params",
    "followed_query",
    "followed_trainees_query",
    "in_team_of",
    "is_partner",
    "is_staff",
    "is_visible",
    "library_activity",
    "managed_company",
    "managed_join_request",
    "managed_rectification",
    "managed_site",
    "managed_user",
    "may_edit_catalogue",
    "operator_request",
    "own_contact",
    "own_group",
    "own_interview",
    "own_path_request",
    "own_pending_photo",
    "own_photo",
    "own_push_subscription",
    "own_trace",
    "party_attachment",
    "party_conversation",
    "party_trainee",
    "party_trainees",
    "public_attestation",
    "public_badge",
    "public_competency",
    "public_site",
    "site_activity",
    "site_offer",
    "site_session",
    "site_slot",
    "staff_showcase",
    "team_activity",
    "team_path_request",
    "team_referent",
    "team_session",
    "team_site",
    "told_news",
    "trainee_attestation",
    "trainee_badge",
    "trainee_internship",
    "trainee_note",
    "trainee_objective",
    "trainee_review",
    "trainee_trace",
    "users_manageable_by",
    "valid_id",
    "visible_interview",
    "visible_photo",
    "visible_recording",
    "visible_statement",
    "visible_to_company",
    "visible_trace",
    "visible_trainee",
]
