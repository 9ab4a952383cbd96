"""Flask extensions, created unbound here and bound in :func:`portfolio.create_app`."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from flask_wtf.form import _FlaskFormCSRF
from markupsafe import Markup
from wtforms.csrf.core import CSRFTokenField

from portfolio.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def address_on_page() -> str:
    """The limiter's default key: the address, per page.

    Limits declared on a route are counted per page anyway; the page matters for the
    per-process fallback limits used while Redis is down (``ops/ratelimit.py``), which
    Flask-Limiter keys with this function and would otherwise count across all pages.
    """
    return f"{request.endpoint}:{get_remote_address()}"


limiter = Limiter(key_func=address_on_page, default_limits=[])


class _UnnamedTokenField(CSRFTokenField):
    """The hidden CSRF token drawn without an ``id``.

    Every form of a page carries the token; with WTForms' default each one is
    ``id="csrf_token"``, so a page with two forms repeats an id (invalid HTML, and a label or an
    ``aria-describedby`` may point at the wrong element). Nothing aims at the token by its id.
    Set once on ``FlaskForm.Meta`` rather than in 45 form classes.
    """

    def __call__(self, **kwargs: object) -> Markup:
        kwargs.setdefault("id", False)  # html_params leaves out attributes set to False
        return super().__call__(**kwargs)


class _TokenWithoutId(_FlaskFormCSRF):
    field_class = _UnnamedTokenField


FlaskForm.Meta.csrf_class = _TokenWithoutId
