"""Use cases for sites, accounts, referents and hand-overs. Every write goes through here."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, bindparam, select

from portfolio.extensions import db
from portfolio.models import (
    AuditEvent,
    Company,
    Handover,
    ReferentAssignment,
    Role,
    Site,
    User,
    utcnow,
)
from portfolio.models.accounts import new_session_token
from portfolio.services import text
from portfolio.services.i18n import gettext as _
from portfolio.services.passwords import (
    WeakPassword,
    check_strength,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from portfolio.services.tokens import revoke_personal_tokens

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,78}[a-z0-9]$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


class AccountError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def audit(action: str, *, actor: User | None, site_id: int | None, detail: str = "") -> None:
    db.session.add(
        AuditEvent(
            action=action, actor_id=actor.id if actor else None, site_id=site_id, detail=detail
        )
    )


def normalise_login(login: str) -> str:
    return login.strip().lower()


def create_site(slug: str, name: str, *, city: str = "", region: str = "") -> Site:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise AccountError(
            _("Le code du site doit contenir 3 à 60 lettres minuscules, chiffres ou tirets.")
        )
    if not name.strip():
        raise AccountError(_("Le nom du site est obligatoire."))
    if db.session.scalar(select(Site).where(Site.slug == slug)):
        raise AccountError(_("Un site avec le code « %(slug)s » existe déjà.", slug=slug))
    site = Site(slug=slug, name=name.strip(), city=city.strip(), region=region.strip())
    db.session.add(site)
    db.session.flush()
    return site


def update_site_settings(
    site: Site,
    *,
    director_name: object,
    blind_rating: bool,
    showcase_needs_approval: bool,
    keep_months: object = None,
) -> Site:
    """The site's switches and the name of its director (who signs its attestations)."""
    try:
        site.director_name = text.clean_text(director_name, limit=200)
    except text.TextRefused:
        raise AccountError(
            _("Le nom du directeur ou de la directrice : 200 caractères au plus.")
        ) from None
    site.blind_rating = bool(blind_rating)
    site.showcase_needs_approval = bool(showcase_needs_approval)
    if keep_months is not None:
        if not isinstance(keep_months, int) or isinstance(keep_months, bool):
            raise AccountError(_("La durée de conservation est un nombre de mois."))
        if not 1 <= keep_months <= 36:
            raise AccountError(_("La durée de conservation : entre 1 et 36 mois."))
        site.keep_months = keep_months
    db.session.flush()
    return site


def create_company(site: Site, name: str, *, approved: bool = False) -> Company:
    if not name.strip():
        raise AccountError(_("Le nom de l'entreprise est obligatoire."))
    company = Company(
        site_id=site.id, name=name.strip(), approved_at=utcnow() if approved else None
    )
    db.session.add(company)
    db.session.flush()
    return company


def login_taken(login: str) -> bool:
    return (
        db.session.scalar(select(User.id).where(User.login == normalise_login(login))) is not None
    )


def free_login(wanted: str) -> str:
    """``wanted`` if no account has it, else the first free ``wanted2``, ``wanted3``...

    Used where the login was chosen by someone who must not learn whether it exists (the
    public join form): the person who creates the account gets a free one and says which.
    Shortened when needed so it stays within 80 characters.
    """
    login = normalise_login(wanted)
    stem = login[:74]
    taken = set(
        db.session.scalars(select(User.login).where(User.login.startswith(stem, autoescape=True)))
    )
    if login not in taken:
        return login
    n = 2
    while (candidate := login[: 80 - len(str(n))] + str(n)) in taken:
        n += 1
    return candidate


def validate_new_user(
    *, login: str, first_name: str, role: Role, site: Site | None, company: Company | None
) -> str:
    """Check the fields of a new account and return the normalised login."""
    login = normalise_login(login)
    if not LOGIN_RE.match(login):
        raise AccountError(
            _(
                "L'identifiant doit avoir 3 à 80 caractères : lettres minuscules sans accent, "
                "chiffres, point, tiret ou tiret bas."
            )
        )
    if not first_name.strip():
        raise AccountError(_("Le prénom est obligatoire."))
    if role in (Role.TRAINEE, Role.REFERENT, Role.COMPANY) and site is None:
        raise AccountError(_("Ce type de compte doit être rattaché à un site."))
    if role is Role.COMPANY and company is None:
        raise AccountError(_("Un compte entreprise doit être rattaché à une entreprise."))
    if role is not Role.COMPANY and company is not None:
        raise AccountError(_("Seul un compte entreprise peut être rattaché à une entreprise."))
    if login_taken(login):
        raise AccountError(_("L'identifiant « %(login)s » est déjà utilisé.", login=login))
    return login


def create_user(
    *,
    login: str,
    password: str,
    first_name: str,
    last_name: str = "",
    role: Role,
    site: Site | None = None,
    company: Company | None = None,
    email: str | None = None,
    birth_date: date | None = None,
    must_change_password: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account. Raises :class:`AccountError` or :class:`WeakPassword`."""
    login = validate_new_user(
        login=login, first_name=first_name, role=role, site=site, company=company
    )
    check_strength(password, personal=(login, first_name, last_name))
    user = User(
        login=login,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        site_id=site.id if site else None,
        company_id=company.id if company else None,
        email=(email or "").strip() or None,
        birth_date=birth_date,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    audit("user.create", actor=actor, site_id=user.site_id, detail=f"{login} ({role.value})")
    return user


def generate_password() -> str:
    """A readable temporary password: three short words of letters and a number."""
    alphabet = "abcdefghjkmnpqrstuvwxyz"
    parts = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
    return "-".join(parts) + "-" + str(secrets.randbelow(90) + 10)


def authenticate(login: str, password: str) -> User | None:
    """Return the active user whose login and password match, else None (constant-ish time)."""
    user = db.session.scalar(select(User).where(User.login == normalise_login(login)))
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def end_other_sessions(user: User) -> None:
    """Rotate the session token: every existing session cookie of this user stops working."""
    user.session_token = new_session_token()


def change_password(user: User, current: str, new: str, confirm: str) -> int:
    """Set the new password, end the other sessions and the personal API tokens.

    Returns how many tokens were revoked, so the page can say so.
    """
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Le mot de passe actuel n'est pas le bon."))
    if new != confirm:
        raise AccountError(_("Les deux nouveaux mots de passe ne sont pas identiques."))
    if new == current:
        raise AccountError(_("Le nouveau mot de passe doit être différent de l'ancien."))
    return set_own_password(user, new)


def set_own_password(user: User, new: str) -> int:
    """The owner's new password (changed, or reset by e-mail): other sessions and personal
    API tokens end. Returns how many tokens were revoked."""
    check_strength(new, personal=(user.login, user.first_name, user.last_name))
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_other_sessions(user)
    return revoke_personal_tokens(user)


def reset_password(user: User, *, actor: User) -> str:
    """Give a temporary password that must be changed at next login.

    Other sessions and personal API tokens end, as when the owner changes it.
    """
    password = generate_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_other_sessions(user)
    revoke_personal_tokens(user)
    audit("user.reset_password", actor=actor, site_id=user.site_id, detail=user.login)
    return password


def set_active(user: User, active: bool, *, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError(_("Vous ne pouvez pas désactiver votre propre compte."))
    user.active = active
    end_other_sessions(user)
    audit(
        "user.activate" if active else "user.deactivate",
        actor=actor,
        site_id=user.site_id,
        detail=user.login,
    )


# --- referents ---------------------------------------------------------------------------


def current_assignment(trainee: User) -> ReferentAssignment | None:
    return db.session.scalar(
        select(ReferentAssignment).where(
            ReferentAssignment.trainee_id == trainee.id, ReferentAssignment.ended_at.is_(None)
        )
    )


_REFERENT_STMT = (
    select(User)
    .join(ReferentAssignment, ReferentAssignment.referent_id == User.id)
    .where(
        ReferentAssignment.trainee_id == bindparam("trainee_id", type_=Integer),
        ReferentAssignment.ended_at.is_(None),
    )
)


def current_referent(trainee: User) -> User | None:
    return db.session.scalar(_REFERENT_STMT, {"trainee_id": trainee.id})


def assign_referent(
    trainee: User, referent: User, *, actor: User | None = None
) -> ReferentAssignment:
    """Make ``referent`` the trainee's referent from now on; the previous one is kept in history."""
    _check_assignment(trainee, referent)
    previous = current_assignment(trainee)
    if previous is not None:
        if previous.referent_id == referent.id:
            return previous
        previous.ended_at = utcnow()
    assignment = ReferentAssignment(
        trainee_id=trainee.id, referent_id=referent.id, assigned_by_id=actor.id if actor else None
    )
    db.session.add(assignment)
    db.session.flush()
    audit(
        "referent.assign",
        actor=actor,
        site_id=trainee.site_id,
        detail=f"{trainee.login} -> {referent.login}",
    )
    return assignment


def _check_assignment(trainee: User, referent: User) -> None:
    if trainee.role is not Role.TRAINEE:
        raise AccountError(_("Seul un stagiaire peut avoir un référent."))
    if referent.role is not Role.REFERENT or not referent.active:
        raise AccountError(_("Ce compte n'est pas un référent actif."))
    if referent.site_id != trainee.site_id:
        raise AccountError(_("Le référent doit être du même site que le stagiaire."))


def move_trainees(trainees: Sequence[User], referent: User, *, actor: User | None = None) -> int:
    """Give all ``trainees`` the same new referent, all or none; return how many changed.

    Every trainee is checked with :func:`assign_referent`'s rules before anything is written,
    so a refusal (naming the trainee) leaves every assignment as it was. Each move is then
    :func:`assign_referent` itself: one write path, the history and the audit line per trainee.
    """
    if not trainees:
        raise AccountError(_("Cochez au moins un stagiaire."))
    for trainee in trainees:
        try:
            _check_assignment(trainee, referent)
        except AccountError as err:
            raise AccountError(
                _("%(name)s : %(reason)s", name=trainee.full_name, reason=str(err))
            ) from err
    moved = 0
    for trainee in dict.fromkeys(trainees):  # a trainee ticked twice moves once
        before = current_assignment(trainee)
        if before is None or before.referent_id != referent.id:
            assign_referent(trainee, referent, actor=actor)
            moved += 1
    return moved


def referent_history(trainee: User) -> list[ReferentAssignment]:
    return list(
        db.session.scalars(
            select(ReferentAssignment)
            .where(ReferentAssignment.trainee_id == trainee.id)
            .order_by(ReferentAssignment.started_at, ReferentAssignment.id)
        )
    )


def start_handover(
    from_referent: User,
    to_referent: User,
    starts_on: date,
    ends_on: date,
    *,
    actor: User | None = None,
) -> Handover:
    """The colleague covers ``from_referent``'s trainees from ``starts_on`` to ``ends_on`` inclusive."""
    if from_referent.id == to_referent.id:
        raise AccountError(_("Un référent ne peut pas se remplacer lui-même."))
    for r in (from_referent, to_referent):
        if r.role is not Role.REFERENT or not r.active:
            raise AccountError(_("Les deux comptes doivent être des référents actifs."))
    if from_referent.site_id != to_referent.site_id:
        raise AccountError(_("Le remplaçant doit être du même site."))
    if ends_on < starts_on:
        raise AccountError(_("La date de fin doit être après la date de début."))
    if (ends_on - starts_on).days > 366:
        raise AccountError(_("Un remplacement dure au plus un an."))
    handover = Handover(
        from_referent_id=from_referent.id,
        to_referent_id=to_referent.id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(handover)
    db.session.flush()
    audit(
        "referent.handover",
        actor=actor,
        site_id=from_referent.site_id,
        detail=f"{from_referent.login} -> {to_referent.login} {starts_on}..{ends_on}",
    )
    return handover


@dataclass(frozen=True)
class ImportedAccount:
    login: str
    first_name: str
    last_name: str
    password: str


def utc_today() -> date:
    return utcnow().date()


def parse_date(text: str) -> date:
    """Accept 2008-05-14 and 14/05/2008."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AccountError(_("Date « %(text)s » non reconnue : écrivez JJ/MM/AAAA.", text=text))


__all__ = [
    "AccountError",
    "ImportedAccount",
    "WeakPassword",
    "assign_referent",
    "authenticate",
    "change_password",
    "create_company",
    "create_site",
    "create_user",
    "current_referent",
    "end_other_sessions",
    "free_login",
    "generate_password",
    "parse_date",
    "referent_history",
    "reset_password",
    "set_active",
    "start_handover",
]
