"""The demo traces: lea, yanis and ines have something to show on their home page."""

from __future__ import annotations

from builders_traces import visible_text
from sqlalchemy import select

from builders import login
from portfolio import demo_traces
from portfolio.demo import seed_demo
from portfolio.extensions import db
from portfolio.models import Site, User
from portfolio.services import assessments, traces


def test_demo_trainees_get_traces_photos_and_levels(client):
    seed_demo()
    site = db.session.scalar(select(Site).where(Site.slug == "demo"))
    users = {u.login: u for u in db.session.scalars(select(User))}
    demo_traces.seed(site, users)
    db.session.commit()
    lea = users["lea"]
    page = traces.list_traces(lea)
    assert page.total == 3
    assert any(t.photos for t in page.items)
    assert any(t.status.value == "draft" for t in page.items)
    assert assessments.latest_levels(lea)["E2C-1C"].level == 2
    assert traces.list_traces(users["yanis"]).total == 2
    assert traces.list_traces(users["ines"]).total == 1
    login(client, lea, "soleil-cactus-35")
    home = visible_text(client.get("/"))
    assert "Stage à la boulangerie du Marché" in home
    assert "Échanger oralement avec autrui ●●○○ J'explique · 1 trace" in home
    photo = next(t for t in page.items if t.photos).photos[0]
    assert client.get(f"/photos/{photo.id}").status_code == 200


def test_seed_skips_missing_accounts():
    seed_demo()
    site = db.session.scalar(select(Site).where(Site.slug == "demo"))
    demo_traces.seed(site, {})
    assert traces.list_traces(db.session.scalar(select(User).where(User.login == "lea"))).total == 0
