"""The portfolio the trainee keeps, opened as they would: Léa downloads the ZIP from "Mon
suivi" on her phone, unpacks it, and reads it in Chromium with no network at all; the pages
link to each other and her photos show."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from browsing import axe_violations, go, log_in, no_horizontal_scroll

LEA = ("lea", "soleil-cactus-35")  # her demo traces have photos


def test_the_downloaded_portfolio_opens_offline_with_its_photos(
    live_server, browser, phone, tmp_path: Path, shot: Any
):
    log_in(phone, live_server, *LEA)
    go(phone, "Suivi")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Télécharger mon portfolio (ZIP)").click()
    saved = tmp_path / "portfolio.zip"
    download.value.save_as(saved)
    folder = tmp_path / "site"
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(folder)

    context = browser.new_context(viewport={"width": 360, "height": 740}, offline=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        page.goto((folder / "index.html").as_uri())
        expect(page.get_by_role("heading", name="Mon portfolio")).to_be_visible()
        page.get_by_role("link", name="Mes traces").first.click()
        expect(page.get_by_role("heading", name="Mes traces", level=1)).to_be_visible()
        photo = page.locator("img").first
        photo.scroll_into_view_if_needed()
        expect(photo).to_be_visible()
        page.wait_for_function("document.querySelector('img').complete")
        assert photo.evaluate("img => img.naturalWidth") > 0
        assert no_horizontal_scroll(page)
        shot(page, "offline-traces")
        page.get_by_role("link", name="Mes compétences").click()
        expect(page.get_by_role("table").first).to_be_visible()
        assert no_horizontal_scroll(page)
        for name in sorted(p.name for p in folder.glob("*.html")):
            page.goto((folder / name).as_uri())
            assert no_horizontal_scroll(page), name
            assert axe_violations(page) == [], name
    finally:
        context.close()
    assert all(url.startswith("file://") for url in requested), requested
