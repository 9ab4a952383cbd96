"""Import trainees from a CSV file: every bad row reported with its line, nothing imported on error."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import Role, Site, User
from portfolio.services.accounts import (
    LOGIN_RE,
    AccountError,
    ImportedAccount,
    WeakPassword,
    assign_referent,
    audit,
    create_user,
    generate_password,
    normalise_login,
    parse_date,
    utc_today,
)
from portfolio.services.i18n import gettext as _

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
REQUIRED = ("identifiant", "prenom", "nom")
OPTIONAL = ("email", "date_naissance", "referent")
ALIASES = {
    "prénom": "prenom",
    "login": "identifiant",
    "né(e) le": "date_naissance",
    "référent": "referent",
}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("Ligne %(line)d : %(message)s", line=self.line, message=self.message)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    accounts: list[ImportedAccount] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    login: str
    first_name: str
    last_name: str
    email: str | None
    birth_date: date | None
    referent: User | None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AccountError(_("Le fichier n'est pas un texte lisible. Enregistrez-le en CSV UTF-8."))


@dataclass
class _Known:
    """What a row is checked against: the site's referents, the logins taken, the file so far."""

    referents: dict[str, User]
    existing: set[str]
    seen: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, site: Site) -> _Known:
        referents = {
            r.login: r
            for r in db.session.scalars(
                select(User).where(
                    User.site_id == site.id, User.role == Role.REFERENT, User.active.is_(True)
                )
            )
        }
        return cls(referents, set(db.session.scalars(select(User.login))))


def parse(data: bytes, site: Site) -> tuple[list[_Row], list[RowError]]:
    """Check the whole file; return the rows and every problem found."""
    opened = _open(data)
    if isinstance(opened, list):
        return [], opened
    reader, header = opened
    known = _Known.of(site)
    errors: list[RowError] = []
    rows: list[_Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(RowError(line, _("Trop de lignes (%(n)d au maximum).", n=MAX_ROWS)))
                break
            if len(record) != len(header):
                errors.append(
                    RowError(
                        line,
                        _(
                            "%(found)d colonnes au lieu de %(expected)d.",
                            found=len(record),
                            expected=len(header),
                        ),
                    )
                )
                continue
            values = dict(zip(header, (c.strip() for c in record), strict=True))
            row, problems = _check_row(line, values, known)
            if row is None:
                errors.append(RowError(line, " ; ".join(problems) + "."))
            else:
                rows.append(row)
    except csv.Error as err:
        errors.append(
            RowError(reader.line_num, _("le fichier CSV est mal formé (%(error)s).", error=err))
        )
    if not rows and not errors:
        errors.append(RowError(0, _("Le fichier ne contient aucun stagiaire.")))
    return rows, errors


def _open(data: bytes) -> tuple[Any, list[str]] | list[RowError]:
    """A CSV reader past a valid header line, and that header; or what is wrong with the file."""
    if not data.strip():
        return [RowError(0, _("Le fichier est vide."))]
    if len(data) > MAX_BYTES:
        return [RowError(0, _("Le fichier est trop gros (1 Mo au maximum)."))]
    if b"\x00" in data:
        return [RowError(0, _("Ce fichier n'est pas un fichier CSV."))]
    try:
        text = _decode(data)
    except AccountError as err:
        return [RowError(0, str(err))]
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except (csv.Error, StopIteration):
        return [RowError(1, _("La première ligne doit donner les noms des colonnes."))]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    errors: list[RowError] = []
    if missing:
        errors.append(
            RowError(1, _("Colonnes manquantes : %(columns)s.", columns=", ".join(missing)))
        )
    if unknown:
        errors.append(
            RowError(1, _("Colonnes inconnues : %(columns)s.", columns=", ".join(unknown)))
        )
    return errors or (reader, header)


def _check_row(line: int, values: dict[str, str], known: _Known) -> tuple[_Row | None, list[str]]:
    """The trainee of one line, or every problem of that line (in column order)."""
    login = normalise_login(values["identifiant"])
    problems = _login_problems(line, login, values["identifiant"], known)
    for col, label in (("prenom", _("prénom")), ("nom", _("nom"))):
        if not values[col]:
            problems.append(_("%(field)s manquant", field=label))
        elif len(values[col]) > 100:
            problems.append(_("%(field)s trop long", field=label))
        elif values[col][0] in "=+-@\t\r":
            problems.append(_("%(field)s commence par un caractère interdit", field=label))
    email = values.get("email") or None
    if email and ("@" not in email or len(email) > 254 or " " in email):
        problems.append(_("email « %(email)s » invalide", email=email))
    birth = _birth_date(values.get("date_naissance", ""), problems)
    referent: User | None = None
    if values.get("referent"):
        referent = known.referents.get(normalise_login(values["referent"]))
        if referent is None:
            problems.append(
                _("référent « %(referent)s » inconnu sur ce site", referent=values["referent"])
            )
    if problems:
        return None, problems
    return _Row(line, login, values["prenom"], values["nom"], email, birth, referent), []


def _login_problems(line: int, login: str, typed: str, known: _Known) -> list[str]:
    problems: list[str] = []
    if not LOGIN_RE.match(login):
        problems.append(
            _(
                "identifiant « %(login)s » invalide (lettres sans accent, chiffres, . - _)",
                login=typed,
            )
        )
    elif login in known.existing:
        problems.append(_("l'identifiant « %(login)s » existe déjà", login=login))
    elif login in known.seen:
        problems.append(
            _(
                "l'identifiant « %(login)s » est déjà à la ligne %(line)d",
                login=login,
                line=known.seen[login],
            )
        )
    known.seen.setdefault(login, line)
    return problems


def _birth_date(typed: str, problems: list[str]) -> date | None:
    """The birth date, if given; a date that cannot be read or is unlikely adds a problem."""
    if not typed:
        return None
    try:
        birth = parse_date(typed)
    except AccountError:
        problems.append(_("date de naissance « %(date)s » non reconnue (JJ/MM/AAAA)", date=typed))
        return None
    age = (utc_today() - birth).days // 365
    if not 13 <= age <= 40:
        problems.append(_("date de naissance « %(date)s » peu probable", date=typed))
    return birth


def import_trainees(data: bytes, site: Site, *, actor: User | None) -> ImportResult:
    """Validate everything first; create all accounts in one transaction or none.

    The caller commits on success. Passwords are returned once, to hand to the trainees;
    the accounts must change them at first login.
    """
    rows, errors = parse(data, site)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    for row in rows:
        while True:
            password = generate_password()
            try:
                user = create_user(
                    login=row.login,
                    password=password,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    role=Role.TRAINEE,
                    site=site,
                    email=row.email,
                    birth_date=row.birth_date,
                    must_change_password=True,
                    actor=actor,
                )
                break
            except WeakPassword:  # the random words happened to contain the name: draw again
                continue
        if row.referent is not None:
            assign_referent(user, row.referent, actor=actor)
        result.accounts.append(ImportedAccount(row.login, row.first_name, row.last_name, password))
    audit("trainee.import", actor=actor, site_id=site.id, detail=f"{len(rows)} comptes")
    return result


def credentials_csv(accounts: list[ImportedAccount]) -> str:
    """The temporary passwords, as a CSV to print; cells are made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["identifiant", "prenom", "nom", "mot_de_passe_provisoire"])
    for a in accounts:
        writer.writerow([_safe_cell(v) for v in (a.login, a.first_name, a.last_name, a.password)])
    return out.getvalue()


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
