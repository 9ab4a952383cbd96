"""A demo E2C site, created only when the database has no account yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from portfolio.demo import activities as demo_activities
from portfolio.demo import company as demo_company
from portfolio.demo import conversations as demo_conversations
from portfolio.demo import cps as demo_cps
from portfolio.demo import exits as demo_exits
from portfolio.demo import followup as demo_followup
from portfolio.demo import game as demo_game
from portfolio.demo import imports as demo_imports
from portfolio.demo import interview as demo_interview
from portfolio.demo import orientation as demo_orientation
from portfolio.demo import path as demo_path
from portfolio.demo import privacy as demo_privacy
from portfolio.demo import referent as demo_referent
from portfolio.demo import simulations as demo_simulations
from portfolio.demo import traces as demo_traces
from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.services import accounts
from portfolio.services.frameworks import store_versions

# Fixed so the README can print them; they only exist on a demo database.
DEMO_ACCOUNTS: list[dict[str, object]] = [
    {
        "login": "admin",
        "password": "cerise-orage-17",
        "first_name": "Nadia",
        "last_name": "Benali",
        "role": Role.ADMIN,
    },
    {
        "login": "referente",
        "password": "piano-rivage-28",
        "first_name": "Claire",
        "last_name": "Morel",
        "role": Role.REFERENT,
        "email": "claire.morel@example.org",  # example.org: reserved, never delivered
    },
    {
        "login": "lea",
        "password": "soleil-cactus-35",
        "first_name": "Léa",
        "last_name": "Martin",
        "role": Role.TRAINEE,
        "birth_date": date(2008, 3, 14),
    },
    {
        "login": "yanis",
        "password": "marteau-lune-46",
        "first_name": "Yanis",
        "last_name": "Haddad",
        "role": Role.TRAINEE,
        "birth_date": date(2004, 9, 2),
    },
    {
        "login": "ines",
        "password": "tulipe-vague-57",
        "first_name": "Inès",
        "last_name": "Diallo",
        "role": Role.TRAINEE,
        "email": "ines.diallo@example.org",
        "birth_date": date(2006, 1, 27),
    },
    {
        "login": "jade",
        "password": "banquise-citron-79",
        "first_name": "Jade",
        "last_name": "Lambert",
        "role": Role.TRAINEE,
        "birth_date": date(2005, 6, 11),
    },
    {
        "login": "entreprise",
        "password": "brioche-metro-68",
        "first_name": "Marc",
        "last_name": "Lefèvre",
        "role": Role.COMPANY,
    },
]


ROLE_NAMES = {
    Role.ADMIN: "Administration",
    Role.REFERENT: "Référente",
    Role.TRAINEE: "Stagiaire",
    Role.COMPANY: "Entreprise partenaire",
}


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def banner(self) -> str:
        if not self.created:
            return "Base déjà remplie : pas de données de démonstration ajoutées."
        lines = ["Site de démonstration créé. Identifiants :"]
        lines += [f"  {role:<24} {login:<12} {password}" for role, login, password in self.logins]
        lines.append("Ouvrez http://127.0.0.1:5000 et connectez-vous avec l'un de ces comptes.")
        return "\n".join(lines)


def seed_demo() -> DemoResult:
    """Create the demo site when no account exists; the caller commits."""
    store_versions()
    if db.session.scalar(select(func.count(User.id))):
        return DemoResult(created=False)
    site = accounts.create_site("demo", "E2C Démo", city="Lille", region="Hauts-de-France")
    company = accounts.create_company(site, "Boulangerie du Marché", approved=True)
    result = DemoResult(created=True)
    users: dict[str, User] = {}
    referent: User | None = None
    for spec in DEMO_ACCOUNTS:
        role = spec["role"]
        assert isinstance(role, Role)
        user = accounts.create_user(
            login=str(spec["login"]),
            password=str(spec["password"]),
            first_name=str(spec["first_name"]),
            last_name=str(spec["last_name"]),
            role=role,
            site=site,
            company=company if role is Role.COMPANY else None,
            birth_date=spec.get("birth_date"),  # type: ignore[arg-type]
            email=spec.get("email"),  # type: ignore[arg-type]
        )
        if role is Role.REFERENT:
            referent = user
        if role is Role.TRAINEE and referent is not None:
            accounts.assign_referent(user, referent)
        users[user.login] = user
        result.logins.append((ROLE_NAMES[role], user.login, str(spec["password"])))
    db.session.flush()
    # Each feature adds its demo content: traces first, then what refers to them.
    features = (
        demo_traces,
        demo_referent,
        demo_game,
        demo_company,
        demo_orientation,
        demo_interview,
        demo_simulations,
        demo_exits,
        demo_followup,
        demo_conversations,
        demo_activities,
        demo_imports,
        demo_cps,
        demo_path,
        demo_privacy,
    )
    for feature in features:
        feature.seed(site, users)
    return result
