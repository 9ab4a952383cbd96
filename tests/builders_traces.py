"""Builders for trace tests: make_trace, a photo, logged-in trainee helpers."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

from PIL import Image

from portfolio.extensions import db
from portfolio.models import Trace, TraceContext, TracePhoto, TraceStatus, User
from portfolio.trainee import services as traces
from portfolio.trainee.services import LinkInput, TraceData

_seq = itertools.count(1)

# Two active competencies of the e2c-apc framework (domain D1) and one of domain D2.
COMP_A = "E2C-1A"
COMP_B = "E2C-1C"


def make_trace(
    trainee: User,
    *,
    title: str | None = None,
    competencies: tuple[str, ...] = (COMP_A,),
    context: TraceContext = TraceContext.PROJECT,
    happened_on: date | None = None,
    status: TraceStatus = TraceStatus.COMPLETE,
    body: str = "J'ai travaillé en équipe pour préparer le repas du midi.",
    company_name: str | None = None,
    links: tuple[str, ...] = (),
    photos: int = 0,
    commit: bool = True,
) -> Trace:
    n = next(_seq)
    trace = traces.create_trace(
        trainee,
        TraceData(
            title=title or f"Trace {n}",
            status=status,
            body=body,
            happened_on=happened_on or date(2025, 3, 1 + n % 28),
            context=context,
            company_name=company_name,
            competency_ids=competencies,
            links=[LinkInput(url) for url in links],
        ),
    )
    for i in range(photos):
        traces.add_photo(trainee, trace, jpeg_bytes(seed=n * 10 + i), f"Photo {i + 1}")
    if commit:
        db.session.commit()
    return trace


def jpeg_bytes(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    """A small real JPEG; ``seed`` changes its colour."""
    image = Image.new("RGB", (width, height), ((seed * 37) % 256, (seed * 91) % 256, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def photo_files(app: Any) -> list[str]:
    """Every key in the app's store (the upload folder, or its S3 prefix), sorted.

    On the local folder, anything else there (a stray temporary file) counts too, so a
    test sees what a crash or a bug left behind.
    """
    from pathlib import Path

    from portfolio.storage import LocalStorage
    from portfolio.trainee.services import photo_storage

    with app.app_context():
        storage = photo_storage()
        if isinstance(storage, LocalStorage):
            root = Path(app.config["UPLOAD_FOLDER"])
            if not root.exists():
                return []
            return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        return sorted(storage.keys())


def counts() -> dict[str, int]:
    """Rows in the trace tables, to prove that bad input changed nothing."""
    from sqlalchemy import func, select

    from portfolio.models import Assessment, TraceCompetency, TraceLink

    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Trace, TracePhoto, TraceLink, TraceCompetency, Assessment)
    }


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete trace form, as a browser posts it."""
    data: dict[str, Any] = {
        "title": "Atelier cuisine",
        "happened_on": "2025-03-12",
        "context": "workshop",
        "company_name": "",
        "body": "J'ai préparé le repas avec mon groupe.",
        "competencies": [COMP_A, COMP_B],
        "links": "",
        "caption": "",
        "action": "complete",
    }
    data.update(overrides)
    return data


def visible_text(response: Any) -> str:
    """The words of a page (a response or its HTML) as read on screen: tags removed,
    entities decoded, one space."""
    import html
    import re

    body = response if isinstance(response, str) else response.get_data(as_text=True)
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def retire(monkeypatch: Any, competency_id: str, replaced_by: str | None = None) -> Any:
    """Run the app with a new e2c-apc version (2018.1-test) where ``competency_id`` is retired."""
    import dataclasses

    from flask import current_app

    from portfolio.services import frameworks
    from referentiel import Frameworks

    loaded = frameworks.frameworks()
    current = loaded["e2c-apc"]
    domains = tuple(
        dataclasses.replace(
            d,
            competencies=tuple(
                dataclasses.replace(c, retired=True, replaced_by=replaced_by)
                if c.id == competency_id
                else c
                for c in d.competencies
            ),
        )
        for d in current.domains
    )
    changed = dataclasses.replace(
        current, domains=domains, version=current.version + "-test", checksum="0" * 64
    )
    new = Frameworks([changed if fw.id == "e2c-apc" else fw for fw in loaded.values()])
    monkeypatch.setitem(current_app.extensions, frameworks.EXTENSION_KEY, new)
    return changed
