"""Count axe-core violations by impact, per role, on the demo site (issue 15's figures).

    PYTHONPATH=. .venv/bin/python scripts/axe_report.py [--tags wcag21|wcag22] [--max-pages 50]

Each role logs in and follows links breadth first, starting from its pages listed in
tests/browser/test_accessibility.py (at most 50 pages per role, links that act or download
left aside); each page is checked at 360 px and at 1280 px. A route is checked once:
/referent/stagiaires/3 and /referent/stagiaires/4 are the same template. The figures are the
violating nodes (elements), summed over pages and widths, by impact; the rule ids follow.

`--tags wcag21` runs the rules the checks ran before issue 15 (WCAG 2.0/2.1 A and AA);
`--tags wcag22` adds the WCAG 2.2 AA rules (target-size). A script, not a test: the tests
fail on any violation; this prints the whole picture, over more pages than the tests open.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "browser"), str(ROOT / "tests"), str(ROOT)]

from browsing import AXE_TAGS  # noqa: E402

TAGS = {
    "wcag21": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    "wcag22": AXE_TAGS,
}
IMPACTS = ("critical", "serious", "moderate", "minor")
# Links that act (log out, download) or leave the HTML pages: never followed.
SKIP = re.compile(r"(deconnexion|export|\.json|/photos/|miniature|favicon|/static/|/api/)")


def _route(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        url = urlparse(href)
        if href.startswith(base) and not SKIP.search(url.path):
            found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def _axe(page, tags: list[str]) -> list[dict]:
    from browsing import AXE

    page.add_script_tag(path=str(AXE))
    return list(
        page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length}));
            }""",
            tags,
        )
    )


def measure(browser, server, who, account, paths, tags, max_pages) -> tuple[Counter, Counter, int]:
    from browsing import log_in

    by_impact: Counter = Counter()
    by_rule: Counter = Counter()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    page = context.new_page()
    if account:
        log_in(page, server, *account)
    todo, seen, checked = list(paths), set(), 0
    while todo and checked < max_pages:
        path = todo.pop(0)
        if _route(path.split("?")[0]) in seen:
            continue
        seen.add(_route(path.split("?")[0]))
        response = page.goto(server.url + path)
        if (
            response is None
            or response.status != 200
            or "html" not in (response.headers.get("content-type", ""))
        ):
            continue
        if urlparse(page.url).path != path.split("?")[0]:
            continue
        checked += 1
        todo.extend(_links(page, server.url))
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 740 if width == 360 else 900})
            page.goto(server.url + path)
            for v in _axe(page, tags):
                by_impact[v["impact"]] += v["n"]
                by_rule[f"{v['id']} ({v['impact']}, {width}px) {_route(path)}"] += v["n"]
        page.set_viewport_size({"width": 360, "height": 740})
    context.close()
    return by_impact, by_rule, checked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", choices=sorted(TAGS), default="wcag22")
    parser.add_argument("--max-pages", type=int, default=50)
    parser.add_argument("--roles", default="anonymous,trainee,referent,company,admin")
    args = parser.parse_args()

    import logging

    from playwright.sync_api import sync_playwright
    from sqlalchemy import create_engine
    from test_accessibility import ACCOUNTS, PAGES

    from conftest import LiveServer, chromium_path
    from portfolio import create_app
    from portfolio.demo import seed_demo
    from portfolio.extensions import db
    from portfolio.models import Base

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    folder = Path(tempfile.mkdtemp(prefix="axe-report-"))
    url = f"sqlite:///{folder / 'live.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "axe-report",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        seed_demo()
        db.session.commit()
    totals: Counter = Counter()
    with LiveServer(app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        for who in args.roles.split(","):
            role = None if who == "anonymous" else who
            paths = ["/"] + [p for r, p in PAGES if r == role]
            account = ACCOUNTS.get(who)
            by_impact, by_rule, checked = measure(
                browser, server, who, account, paths, TAGS[args.tags], args.max_pages
            )
            totals.update(by_impact)
            figures = " ".join(f"{i}={by_impact[i]}" for i in IMPACTS)
            print(f"{who:<10} pages={checked:<3} {figures}")
            for rule, count in sorted(by_rule.items()):
                print(f"    {count:>3} × {rule}")
        browser.close()
    print("total      " + " ".join(f"{i}={totals[i]}" for i in IMPACTS))


if __name__ == "__main__":
    main()
