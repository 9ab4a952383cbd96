"""The demo traces: lea, yanis and ines have something to show on their home page."""

from __future__ import annotations

from builders_traces import visible_text
from sqlalchemy import func, select

from builders import login, make_site
from portfolio.demo import seed_demo
from portfolio.demo import traces as demo_traces
from portfolio.extensions import db
from portfolio.models import Trace, TraceOrigin, User
from portfolio.services import assessments
from portfolio.trainee import services as traces


def test_demo_trainees_get_traces_photos_and_levels(client):
    seed_demo()  # the demo seeds every feature, traces included
    db.session.commit()
    users = {u.login: u for u in db.session.scalars(select(User))}
    lea = users["lea"]
    page = traces.list_traces(lea)
    written = [t for t in page.items if t.origin is TraceOrigin.TRAINEE]
    assert len(written) == 3
    assert any(t.photos for t in page.items)
    assert any(t.status.value == "draft" for t in page.items)
    assert assessments.latest_levels(lea)["E2C-1C"].level == 2
    # Yanis: two traces, and his interview practice kept as a trace (demo/interview.py).
    # Inès: one written here, two imported from her former E2C (demo/imports.py).
    for login_name, expected in (("yanis", 3), ("ines", 3)):
        items = traces.list_traces(users[login_name]).items
        assert len([t for t in items if t.origin is TraceOrigin.TRAINEE]) == expected
    imported = [t for t in traces.list_traces(users["ines"]).items if t.import_id is not None]
    assert len(imported) == 2 and imported[0].imported.source_site == "E2C Roubaix"
    login(client, lea, "soleil-cactus-35")
    home = visible_text(client.get("/ma-page"))  # the home's longer part
    assert "Stage à la boulangerie du Marché" in home
    assert "Parler avec les autres ●●○○ J'explique · 1 trace" in home
    photo = next(t for t in page.items if t.photos).photos[0]
    assert client.get(f"/photos/{photo.id}").status_code == 200


def test_seed_skips_missing_accounts():
    site = make_site()
    demo_traces.seed(site, {})
    assert db.session.scalar(select(func.count(Trace.id))) == 0
