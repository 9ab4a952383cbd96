"""Erasure on request: the trainee asks (with their password), the site admin carries it out.

Choice: the request is not carried out at once by the trainee's own click. The site admin
sees it (``/admin/effacements``) and erases (the same ``erasure.erase`` as the retention run);
if nobody has within ``REQUEST_DAYS`` (the GDPR's month), the daily run does it. Meanwhile the
trainee can download their portfolio and change their mind, and their referent is told at
once by mail. A site admin may also erase a trainee of their site without a request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import ErasureCause, ErasurePlan, MailKind, Role, User, utcnow
from portfolio.notifications.services.outbox import compose, in_language_of
from portfolio.notifications.services.preferences import can_receive
from portfolio.privacy.services import rules
from portfolio.privacy.services.erasure import Erasure, erase_and_commit
from portfolio.services.accounts import AccountError, current_referent, utc_today
from portfolio.services.i18n import gettext as _
from portfolio.services.passwords import verify_password


def plan_of(user: User) -> ErasurePlan | None:
    return db.session.scalar(select(ErasurePlan).where(ErasurePlan.user_id == user.id))


def ask_erasure(trainee: User, password: object) -> ErasurePlan:
    """The trainee asks to be erased; their password proves it is them. Never commits."""
    if trainee.role is not Role.TRAINEE:
        raise AccountError(_("Seul un compte de stagiaire peut demander l'effacement."))
    if not isinstance(password, str) or not verify_password(trainee.password_hash, password):
        raise AccountError(_("Ce mot de passe n'est pas le bon. Rien n'est effacé."))
    plan = plan_of(trainee)
    if plan is not None and plan.cause is ErasureCause.REQUEST:
        raise AccountError(_("Vous avez déjà demandé l'effacement."))
    due = utc_today() + timedelta(days=rules.REQUEST_DAYS)
    if plan is None:
        plan = ErasurePlan(user_id=trainee.id, cause=ErasureCause.REQUEST, due_on=due)
        db.session.add(plan)
    else:
        plan.cause = ErasureCause.REQUEST
        plan.due_on = min(plan.due_on, due)
    plan.notice_sent_at = utcnow()  # the request is its own notice: nothing else is mailed
    db.session.flush()
    _tell_referent(trainee)
    return plan


def tell_referent(trainee: User, subject: Callable[[str], str], line: Callable[[str], str]) -> None:
    """Mail the trainee's referent about a request on their data (erasure, correction), in the
    referent's language: ``subject`` and ``line`` get the trainee's name."""
    referent = current_referent(trainee)
    if referent is None or not can_receive(referent):
        return
    with in_language_of(referent):
        compose(
            referent,
            MailKind.IMMEDIATE,
            subject(trainee.full_name),
            [line(trainee.full_name)],
            url_for("main.home", _external=True),
        )


def _tell_referent(trainee: User) -> None:
    tell_referent(
        trainee,
        lambda name: _("%(name)s demande l'effacement de son compte", name=name),
        lambda name: _(
            "%(name)s a demandé l'effacement de son compte et de ses données. "
            "L'administrateur du site va le faire.",
            name=name,
        ),
    )


def cancel_request(trainee: User) -> None:
    """The trainee changes their mind before the erasure."""
    plan = plan_of(trainee)
    if plan is None or plan.cause is not ErasureCause.REQUEST:
        raise AccountError(_("Il n'y a pas de demande d'effacement en cours."))
    db.session.delete(plan)
    db.session.flush()


def requests_for(admin: User) -> list[tuple[ErasurePlan, User]]:
    """The erasure requests of the admin's site (every site for a network admin), oldest first."""
    query = (
        select(ErasurePlan, User)
        .join(User, User.id == ErasurePlan.user_id)
        .where(ErasurePlan.cause == ErasureCause.REQUEST)
        .order_by(ErasurePlan.created_at)
    )
    if admin.site_id is not None:
        query = query.where(User.site_id == admin.site_id)
    return [(plan, user) for plan, user in db.session.execute(query).tuples()]


def erase_by_admin(admin: User, trainee: User) -> Erasure:
    """A site admin erases a trainee of their site (the guard ``managed_user`` found them).
    Commits, then deletes the files."""
    if admin.role is not Role.ADMIN:
        raise AccountError(_("Seul un administrateur peut effacer un compte."))
    if trainee.role is not Role.TRAINEE:
        raise AccountError(
            _("Seuls les comptes de stagiaires sont effacés. Les autres sont désactivés.")
        )
    plan = plan_of(trainee)
    cause = str(plan.cause) if plan is not None else "admin"
    return erase_and_commit(trainee, actor=admin, cause=cause)
