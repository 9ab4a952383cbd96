"""The whole E2C network, generated: people, traces, assessments, photos, showcases, a year.

``flask --app portfolio demo network`` fills an EMPTY database (PostgreSQL for the real size;
SQLite works at small scale) with bulk writes (see ``network_rows``), for load tests and
measurements, never for a school's real database. The shapes follow a real network:

* trainees spread over the sites, each followed by a referent of their site (about 40 each);
* traces per trainee skewed (a few very active trainees, many with a handful), 10 % drafts,
  dated over the last two years from each trainee's entry date, 1 or 2 competencies each;
* assessments in proportion to the trainee's traces: self-assessments, referent levels,
  a few from tutors and from the game, levels rising with time;
* photos: metadata rows on complete traces; real image files only for a small sample (the
  photos of the first trainees, who are the ones load tests log in as);
* published showcases of the most active trainees, with traces and confirmed levels;
* a year of activity sessions with their groups and of conversations with their messages,
  skewed the same way (``network_activity``);
* the follow-up: bilans with their objectives, referents' notes with the trainees' answers
  and reactions, professional projects (``network_follow_up``);
* the ends of paths: exits with their year of follow-up contacts, internships, referents
  covering a colleague on leave (``network_exits``);
* each referent's last visit to most of their trainees' files, in the last two weeks (a
  referent follows their trainees week by week): what came after it is "new" on the caseload.

Every login is ``reseau.<role><n>`` with one password, printed by the command.
"""

from __future__ import annotations

import io
import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, func, select

from portfolio.demo import network_activity, network_exits, network_follow_up
from portfolio.demo.network_rows import Report, Writer
from portfolio.models import (
    Assessment,
    AssessmentSource,
    AssessmentStream,
    Company,
    ReferentAssignment,
    ReferentVisit,
    Role,
    Showcase,
    ShowcaseCompetency,
    ShowcaseTrace,
    Site,
    Trace,
    TraceCompetency,
    TraceContext,
    TracePhoto,
    TraceStatus,
    User,
)
from portfolio.models.traces import fill_streams
from portfolio.services.rome.trades import load_trades
from portfolio.storage.base import Storage
from portfolio.trainee.services.inputs import PHOTO_PREFIX
from referentiel import Framework

PASSWORD = "reseau-e2c-2026"  # noqa: S105 - the demo network's published password
CITIES = [
    ("Lille", "Hauts-de-France"),
    ("Marseille", "Provence-Alpes-Côte d'Azur"),
    ("Lyon", "Auvergne-Rhône-Alpes"),
    ("Toulouse", "Occitanie"),
    ("Nantes", "Pays de la Loire"),
    ("Strasbourg", "Grand Est"),
    ("Rennes", "Bretagne"),
    ("Rouen", "Normandie"),
    ("Dijon", "Bourgogne-Franche-Comté"),
    ("Orléans", "Centre-Val de Loire"),
    ("Bordeaux", "Nouvelle-Aquitaine"),
    ("Créteil", "Île-de-France"),
]
FIRST_NAMES = ["Léa", "Yanis", "Inès", "Sami", "Manon", "Karim", "Jade", "Lucas", "Aya", "Noah"]
TITLES = [
    "Atelier cuisine : préparer un repas pour le groupe",
    "Stage découverte en boulangerie",
    "Projet citoyen : nettoyer le parc du quartier",
    "Préparer mon CV avec la référente",
    "Atelier numérique : écrire un courriel",
    "Sortie au forum des métiers",
    "Chantier solidaire : repeindre une salle",
    "Calculer un budget pour un déménagement",
]
BODIES = [
    "J'ai travaillé avec mon groupe. J'ai expliqué mon idée et j'ai écouté les autres.",
    "Au début j'avais peur. Puis j'ai posé des questions et j'ai fini le travail à l'heure.",
    "J'ai appris à utiliser les outils. Le tuteur m'a dit que j'étais sérieux.",
]
DAYS = 730  # the network's history: two years
VISITED = 0.9  # share of trainees whose referent has opened their file
VISIT_DAYS = 14  # the last visit falls within this many days


@dataclass(frozen=True)
class NetworkSize:
    """How many of each the network holds (the real network by default)."""

    sites: int = 150
    trainees: int = 25_000
    referents: int = 600
    companies: int = 400
    traces: int = 5_000_000
    assessments: int = 10_000_000
    photos: int = 500_000
    showcases: int = 5_000
    # A year of activity: about 8 sessions a week per site, 40 messages per trainee.
    sessions: int = 60_000
    messages: int = 1_000_000
    # Referents' notes of observation: about one for fifteen traces.
    notes: int = 300_000

    def scaled(self, factor: float) -> NetworkSize:
        """Every count times ``factor``, at least one of each."""
        return replace(
            self,
            **{f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self)},
        )

    def problem(self) -> str | None:
        """What makes this size impossible, in French, or None."""
        if min(getattr(self, f.name) for f in fields(self)) < 1:
            return "Chaque nombre doit être au moins 1."
        if self.referents < self.sites or self.companies < self.sites:
            return "Il faut au moins un référent et une entreprise par site."
        if self.showcases > self.trainees:
            return "Il ne peut pas y avoir plus de vitrines que de stagiaires."
        if self.photos > self.traces:
            return "Il ne peut pas y avoir plus de photos que de traces."
        return None


@dataclass
class _People:
    """The ids written, and each trainee's site, referent and entry date."""

    referents: list[int]
    trainees: list[int]
    site_of: dict[int, int]
    referent_of: dict[int, int]
    entry_of: dict[int, date]


@dataclass
class _Visits:
    """When each visited trainee's referent last opened their file, and the trainee's highest
    trace and self-assessment ids then (filled while those rows are written)."""

    at: dict[int, datetime]
    seen_trace: dict[int, int] = field(default_factory=dict)
    seen_self: dict[int, int] = field(default_factory=dict)

    @classmethod
    def drawn(cls, people: _People, rng: random.Random, today: datetime) -> _Visits:
        return cls(
            {
                t: today - timedelta(seconds=rng.randrange(VISIT_DAYS * 86_400))
                for t in people.trainees
                if rng.random() < VISITED
            }
        )

    def saw(self, seen: dict[int, int], trainee: int, row_id: int, created_at: datetime) -> None:
        """Count the row in ``seen`` if the trainee's last visit came after it."""
        visit = self.at.get(trainee)
        if visit is not None and created_at <= visit:
            seen[trainee] = row_id  # rows come oldest first: the last one kept is the highest

    def rows(self, people: _People) -> Iterator[tuple[object, ...]]:
        for t, at in self.at.items():
            yield (
                people.referent_of[t],
                t,
                at,
                self.seen_trace.get(t, 0),
                self.seen_self.get(t, 0),
            )


def is_empty(conn: Connection) -> bool:
    """Whether the database holds no account yet (the generator writes only there)."""
    return not conn.scalar(select(func.count()).select_from(User.__table__))


def build_network(
    conn: Connection,
    size: NetworkSize,
    fw: Framework,
    password_hash: str,
    *,
    seed: int = 2026,
    storage: Storage | None = None,
    sample_trainees: int = 5,
    report: Report,
) -> dict[str, int]:
    """Write the network into the empty database of ``conn``; return rows written per table.

    ``storage`` receives real image files for the photos of the first ``sample_trainees``.
    """
    rng = random.Random(seed)
    today = datetime.now(UTC).replace(microsecond=0)
    writer = Writer(conn, report)
    counts: dict[str, int] = {}
    people = _write_people(writer, size, password_hash, rng, today, counts)
    per_trainee = _skewed(size.traces, len(people.trainees), rng)
    visits = _Visits.drawn(people, rng, today)
    traces = _write_traces(writer, people, per_trainee, fw, rng, today, counts, visits=visits)
    _write_assessments(writer, size, people, per_trainee, fw, rng, today, counts, visits=visits)
    counts["referent_visit"] = writer.write(
        ReferentVisit.__table__,  # type: ignore[arg-type]
        ("referent_id", "trainee_id", "visited_at", "seen_trace_id", "seen_assessment_id"),
        visits.rows(people),
    )
    _write_photos(writer, size, people, traces, storage, sample_trainees, rng, today, counts)
    _write_showcases(writer, size, people, per_trainee, traces, fw, rng, today, counts)
    year = _year(size, people, per_trainee, fw)
    counts.update(network_activity.write_sessions(writer, year, size.sessions, rng, today))
    counts.update(network_activity.write_conversations(writer, year, size.messages, rng, today))
    followed = _followed(people, year, fw)
    counts.update(network_follow_up.write_follow_up(writer, followed, size.notes, rng, today))
    counts.update(network_exits.write_exits(writer, _paths(people, followed), rng, today))
    tables = [
        Site.__table__,
        Company.__table__,
        User.__table__,
        ReferentAssignment.__table__,
        ReferentVisit.__table__,
        Trace.__table__,
        TraceCompetency.__table__,
        Assessment.__table__,
        AssessmentStream.__table__,
        TracePhoto.__table__,
        Showcase.__table__,
        ShowcaseTrace.__table__,
        ShowcaseCompetency.__table__,
        *network_activity.TABLES,
        *network_follow_up.TABLES,
        *network_exits.TABLES,
    ]
    writer.finish(tables)  # type: ignore[arg-type]
    return counts


def _year(
    size: NetworkSize, people: _People, per_trainee: list[int], fw: Framework
) -> network_activity.Year:
    referents_of_site: dict[int, list[int]] = {}
    for r in people.referents:
        referents_of_site.setdefault(people.site_of[r], []).append(r)
    trainees_of_site: dict[int, list[int]] = {}
    for t in people.trainees:
        trainees_of_site.setdefault(people.site_of[t], []).append(t)
    return network_activity.Year(
        sites=size.sites,
        referents_of_site=referents_of_site,
        trainees_of_site=trainees_of_site,
        referent_of=people.referent_of,
        weight_of=dict(zip(people.trainees, per_trainee, strict=True)),
        framework_id=fw.id,
        competencies=[c.id for c in fw.active_competencies],
    )


def _followed(
    people: _People, year: network_activity.Year, fw: Framework
) -> network_follow_up.Followed:
    return network_follow_up.Followed(
        referent_of=people.referent_of,
        entry_of=people.entry_of,
        weight_of=year.weight_of,
        name_of={uid: " ".join(_name(uid)) for uid in (*people.referents, *people.trainees)},
        framework_id=fw.id,
        framework_version=fw.version,
        competencies=year.competencies,
        trades=load_trades().trades,
    )


def _paths(people: _People, followed: network_follow_up.Followed) -> network_exits.Paths:
    return network_exits.Paths(
        trainees=people.trainees,
        referents=people.referents,
        site_of=people.site_of,
        referent_of=people.referent_of,
        entry_of=people.entry_of,
        framework_id=followed.framework_id,
        competencies=followed.competencies,
        trades=followed.trades,
    )


def _name(uid: int) -> tuple[str, str]:
    """A generated person's first and last name."""
    return FIRST_NAMES[uid % len(FIRST_NAMES)], f"N{uid}"


def _skewed(total: int, among: int, rng: random.Random) -> list[int]:
    """``total`` split over ``among`` people, skewed (log-normal): a few have many."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(among)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for n in range(total - sum(shares)):
        shares[n % among] += 1
    return shares


def _write_people(
    writer: Writer,
    size: NetworkSize,
    password_hash: str,
    rng: random.Random,
    today: datetime,
    counts: dict[str, int],
) -> _People:
    sites = range(1, size.sites + 1)
    counts["site"] = writer.write(
        Site.__table__,  # type: ignore[arg-type]
        ("id", "slug", "name", "city", "region", "created_at"),
        (
            (s, f"reseau-{s:03d}", f"E2C {CITIES[s % len(CITIES)][0]} {s}", *CITIES[s % 12], today)
            for s in sites
        ),
    )
    counts["company"] = writer.write(
        Company.__table__,  # type: ignore[arg-type]
        ("id", "site_id", "name", "approved_at", "created_at"),
        (
            (c, 1 + (c - 1) % size.sites, f"Entreprise partenaire {c}", today, today)
            for c in range(1, size.companies + 1)
        ),
    )
    referents = list(range(1, size.referents + 1))
    trainees = list(range(size.referents + 1, size.referents + size.trainees + 1))
    site_of = {r: 1 + (r - 1) % size.sites for r in referents}
    by_site: dict[int, list[int]] = {}
    for r in referents:
        by_site.setdefault(site_of[r], []).append(r)
    referent_of: dict[int, int] = {}
    entry_of: dict[int, date] = {}
    for n, t in enumerate(trainees):
        site_of[t] = 1 + n % size.sites
        referent_of[t] = by_site[site_of[t]][(n // size.sites) % len(by_site[site_of[t]])]
        entry_of[t] = (today - timedelta(days=rng.randrange(60, DAYS))).date()
    first_company_user = size.referents + size.trainees + 1

    def users() -> Iterator[tuple[object, ...]]:
        def row(
            uid: int, login: str, role: Role, site: int, company: int | None
        ) -> tuple[object, ...]:
            born = date(2001 + uid % 8, 1 + uid % 12, 1 + uid % 28)
            return (
                uid,
                str(uuid.UUID(int=rng.getrandbits(128))),
                login,
                *_name(uid),
                role.value,
                site,
                company,
                born if role is Role.TRAINEE else None,
                password_hash,
                uuid.uuid4().hex,
                today,
            )

        for r in referents:
            yield row(r, f"reseau.ref{r}", Role.REFERENT, site_of[r], None)
        for n, t in enumerate(trainees, start=1):
            yield row(t, f"reseau.s{n}", Role.TRAINEE, site_of[t], None)
        for c in range(1, size.companies + 1):
            yield row(
                first_company_user + c - 1,
                f"reseau.ent{c}",
                Role.COMPANY,
                1 + (c - 1) % size.sites,
                c,
            )

    counts["user_account"] = writer.write(
        User.__table__,  # type: ignore[arg-type]
        (
            "id",
            "public_id",
            "login",
            "first_name",
            "last_name",
            "role",
            "site_id",
            "company_id",
            "birth_date",
            "password_hash",
            "session_token",
            "created_at",
        ),
        users(),
    )
    counts["referent_assignment"] = writer.write(
        ReferentAssignment.__table__,  # type: ignore[arg-type]
        ("trainee_id", "referent_id", "started_at"),
        ((t, referent_of[t], datetime.combine(entry_of[t], today.timetz())) for t in trainees),
    )
    return _People(referents, trainees, site_of, referent_of, entry_of)


def _write_traces(
    writer: Writer,
    people: _People,
    per_trainee: list[int],
    fw: Framework,
    rng: random.Random,
    today: datetime,
    counts: dict[str, int],
    *,
    visits: _Visits,
) -> dict[int, tuple[int, int]]:
    """Traces and their competencies; return each trainee's first trace id and count."""
    contexts = [c.value for c in TraceContext if c is not TraceContext.INTERNSHIP]
    competencies = [c.id for c in fw.active_competencies]
    first_of: dict[int, tuple[int, int]] = {}
    next_id = 1
    for t, many in zip(people.trainees, per_trainee, strict=True):
        first_of[t] = (next_id, many)
        next_id += many
    last_day = today.date()

    def trace_rows() -> Iterator[tuple[object, ...]]:
        for t in people.trainees:
            first, many = first_of[t]
            span = max(1, (last_day - people.entry_of[t]).days)
            for k in range(many):
                at = people.entry_of[t] + timedelta(days=k * span // max(1, many))
                created = datetime.combine(at, today.timetz())
                visits.saw(visits.seen_trace, t, first + k, created)
                yield (
                    first + k,
                    t,
                    TITLES[(first + k) % len(TITLES)],
                    BODIES[k % len(BODIES)],
                    at,
                    contexts[(first + k) % len(contexts)],
                    TraceStatus.DRAFT.value
                    if (first + k) % 10 == 9
                    else TraceStatus.COMPLETE.value,
                    "trainee",
                    created,
                    created,
                )

    counts["trace"] = writer.write(
        Trace.__table__,  # type: ignore[arg-type]
        (
            "id",
            "trainee_id",
            "title",
            "body",
            "happened_on",
            "context",
            "status",
            "origin",
            "updated_at",
            "created_at",
        ),
        trace_rows(),
    )

    def competency_rows() -> Iterator[tuple[object, ...]]:
        for trace_id in range(1, next_id):
            first = competencies[rng.randrange(len(competencies))]
            yield (trace_id, fw.id, fw.version, first, [])
            if trace_id % 3 == 0:
                second = competencies[rng.randrange(len(competencies))]
                if second != first:
                    yield (trace_id, fw.id, fw.version, second, [])

    counts["trace_competency"] = writer.write(
        TraceCompetency.__table__,  # type: ignore[arg-type]
        ("trace_id", "framework_id", "framework_version", "competency_id", "indicator_ids"),
        competency_rows(),
    )
    return first_of


def _write_assessments(
    writer: Writer,
    size: NetworkSize,
    people: _People,
    per_trainee: list[int],
    fw: Framework,
    rng: random.Random,
    today: datetime,
    counts: dict[str, int],
    *,
    visits: _Visits,
) -> None:
    competencies = [c.id for c in fw.active_competencies]
    shares = _spread(size.assessments, per_trainee)
    sources = [AssessmentSource.SELF] * 5 + [AssessmentSource.REFERENT] * 4
    sources += [AssessmentSource.TUTOR, AssessmentSource.GAME]

    def rows() -> Iterator[tuple[object, ...]]:
        numbers = itertools.count(1)  # ids given here, oldest first, so the visits can name them
        for t, many in zip(people.trainees, shares, strict=True):
            entry = datetime.combine(people.entry_of[t], today.timetz())
            span = max(1.0, (today - entry).total_seconds())
            for k in range(many):
                source = sources[rng.randrange(len(sources))]
                progress = k / max(1, many)
                level = min(4, 1 + int(progress * 3 + rng.random() * 1.5))
                created = entry + timedelta(seconds=span * progress)
                row_id = next(numbers)
                if source is AssessmentSource.SELF:
                    visits.saw(visits.seen_self, t, row_id, created)
                yield (
                    row_id,
                    t,
                    source.value,
                    people.referent_of[t] if source is AssessmentSource.REFERENT else None,
                    "Tuteur de stage" if source is AssessmentSource.TUTOR else "",
                    fw.id,
                    fw.version,
                    competencies[rng.randrange(len(competencies))],
                    level,
                    created,
                )

    counts["assessment"] = writer.write(
        Assessment.__table__,  # type: ignore[arg-type]
        (
            "id",
            "trainee_id",
            "source",
            "author_id",
            "author_label",
            "framework_id",
            "framework_version",
            "competency_id",
            "level",
            "created_at",
        ),
        rows(),
    )
    with writer.conn.begin():  # the streams of the levels just written (no ORM event here)
        counts["assessment_stream"] = fill_streams(writer.conn)


def _spread(total: int, weights: list[int]) -> list[int]:
    """``total`` split over people in proportion to ``weights`` (their traces)."""
    whole = sum(weights) or 1
    shares = [total * w // whole for w in weights]
    for n in range(total - sum(shares)):
        shares[n % len(shares)] += 1
    return shares


def _jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (480, 360), (rng.randrange(256), rng.randrange(256), 120))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(480), rng.randrange(360)
        draw.ellipse((x, y, x + 90, y + 70), fill=(rng.randrange(256), 80, rng.randrange(256)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _write_photos(
    writer: Writer,
    size: NetworkSize,
    people: _People,
    traces: dict[int, tuple[int, int]],
    storage: Storage | None,
    sample_trainees: int,
    rng: random.Random,
    today: datetime,
    counts: dict[str, int],
) -> None:
    """Photo rows on complete traces, spread like the traces; files for the sample only."""
    total_traces = sum(many for _first, many in traces.values())
    every = max(1, total_traces // size.photos)
    sample = set(people.trainees[:sample_trainees])
    files = _jpeg(1), _jpeg(2)

    def rows() -> Iterator[tuple[object, ...]]:
        made = 0
        for t in people.trainees:
            first, many = traces[t]
            for trace_id in range(first + (first % every), first + many, every):
                if made >= size.photos:
                    return
                if trace_id % 10 == 9:  # a draft: its neighbour, complete, instead
                    trace_id -= 1
                    if trace_id < first:
                        continue
                made += 1
                display, thumb = (
                    f"{PHOTO_PREFIX}{made:032x}.jpg",
                    f"{PHOTO_PREFIX}{made:032x}-t.jpg",
                )
                if storage is not None and t in sample:
                    storage.put(display, files[0])
                    storage.put(thumb, files[1])
                yield (
                    trace_id,
                    display,
                    thumb,
                    "image/jpeg",
                    480,
                    360,
                    len(files[0]) + len(files[1]),
                    "Photo de mon travail",
                    0,
                    today,
                )

    counts["trace_photo"] = writer.write(
        TracePhoto.__table__,  # type: ignore[arg-type]
        (
            "trace_id",
            "display_key",
            "thumb_key",
            "content_type",
            "width",
            "height",
            "size_bytes",
            "caption",
            "position",
            "created_at",
        ),
        rows(),
    )
    del rng


def _write_showcases(
    writer: Writer,
    size: NetworkSize,
    people: _People,
    per_trainee: list[int],
    traces: dict[int, tuple[int, int]],
    fw: Framework,
    rng: random.Random,
    today: datetime,
    counts: dict[str, int],
) -> None:
    """Published showcases: the first trainees (the sample) then the most active ones."""
    ranked = sorted(people.trainees, key=lambda t: -traces[t][1])
    chosen = list(dict.fromkeys(people.trainees[:20] + ranked))[: size.showcases]
    chosen = [t for t in chosen if traces[t][1] > 0]
    ids = {t: n for n, t in enumerate(chosen, start=1)}
    published = today - timedelta(days=1)
    counts["showcase"] = writer.write(
        Showcase.__table__,  # type: ignore[arg-type]
        (
            "id",
            "trainee_id",
            "site_id",
            "presentation",
            "is_published",
            "published_at",
            "consent_at",
            "consent_version",
            "updated_at",
            "created_at",
        ),
        (
            (
                n,
                t,
                people.site_of[t],
                "J'aime apprendre en faisant. Je suis ponctuel.",
                True,
                published - timedelta(seconds=n),
                published,
                "2025-1",
                today,
                today,
            )
            for t, n in ids.items()
        ),
    )

    def shown_traces() -> Iterator[tuple[object, ...]]:
        for t, n in ids.items():
            first, many = traces[t]
            complete = [i for i in range(first, first + many) if i % 10 != 9]
            for pos, trace_id in enumerate(complete[-10:]):
                yield (n, trace_id, pos)

    counts["showcase_trace"] = writer.write(
        ShowcaseTrace.__table__,  # type: ignore[arg-type]
        ("showcase_id", "trace_id", "position"),
        shown_traces(),
    )
    competencies = [(c.id, fw.domain_of(c.id).id) for c in fw.active_competencies]

    def shown_competencies() -> Iterator[tuple[object, ...]]:
        for n in ids.values():
            for k, (cid, domain) in enumerate(rng.sample(competencies, min(6, len(competencies)))):
                level = 1 + rng.randrange(4)
                yield (n, fw.id, fw.version, cid, domain, k % 4 != 3, level, today)

    counts["showcase_competency"] = writer.write(
        ShowcaseCompetency.__table__,  # type: ignore[arg-type]
        (
            "showcase_id",
            "framework_id",
            "framework_version",
            "competency_id",
            "domain_id",
            "show_level",
            "confirmed_level",
            "confirmed_at",
        ),
        shown_competencies(),
    )
    del per_trainee
