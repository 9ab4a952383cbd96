"""Demo content of the psychosocial competencies (CPS): self-assessments and referent levels,
so the CPS gap view ("Compétences psychosociales") and the coverage map are not empty.

Accounts missing from ``users`` are skipped. The caller commits.
"""

from __future__ import annotations

from datetime import timedelta

from portfolio.models import AssessmentSource, Role, Site, User, utcnow
from portfolio.services.assessments import record_assessment, record_self_assessment
from portfolio.services.frameworks import CPS_FRAMEWORK, frameworks

# (trainee login, competency, self level, referent level or None, the referent's words)
LEVELS = (
    ("lea", "COG1", 3, 2, "Elle parle de ses forces, mais hésite encore à dire ce qui est dur."),
    ("lea", "EMO2", 2, 2, "Pendant le forum, elle a respiré et repris calmement."),
    ("lea", "SOC1", 4, 2, "Elle écoute bien en groupe ; elle coupe encore la parole parfois."),
    ("yanis", "COG3", 2, 3, "Il a comparé deux stages avant de choisir, seul."),
    ("yanis", "SOC2", 3, None, ""),
)


def seed(site: Site, users: dict[str, User]) -> None:
    referent = users.get("referente")
    if referent is None or referent.role is not Role.REFERENT or referent.site_id != site.id:
        return
    fw = frameworks().get(CPS_FRAMEWORK)
    if fw is None:
        return
    at = utcnow() - timedelta(days=12)
    for login, competency, own, theirs, words in LEVELS:
        trainee = users.get(login)
        if trainee is None or trainee.site_id != site.id:
            continue
        record_self_assessment(
            trainee,
            competency,
            own,
            "Je l'ai vu pendant les ateliers collectifs.",
            framework_id=fw.id,
        )
        if theirs is not None:
            record_assessment(
                AssessmentSource.REFERENT,
                trainee,
                referent,
                competency,
                theirs,
                fw.version,
                framework_id=fw.id,
                comment=words,
                at=at,
            )
