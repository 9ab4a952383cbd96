"""Access is checked in one place: services/access/, whose guards raise a service-level 404.

The access matrices (test_referent_access, test_company_access...) prove what each role sees;
these tests keep the rules from spreading again and check the guards without HTTP.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from builders_traces import make_trace

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services import access
from portfolio.services.errors import NotFound

PORTFOLIO = Path(__file__).resolve().parents[3] / "portfolio"
ACCESS = PORTFOLIO / "services" / "access"


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PORTFOLIO.rglob("*.py"))]


def _is_service(path: Path) -> bool:
    parts = path.relative_to(PORTFOLIO).parts
    return "services" in parts or path.name == "services.py"


def _raises_not_found(node: ast.AST) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return (
        isinstance(exc, ast.Name | ast.Attribute) and ast.unparse(exc).split(".")[-1] == "NotFound"
    )


def test_only_the_access_module_defines_guards() -> None:
    """No ``*_or_404`` anywhere, and only services/access/ raises the service-level 404."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.endswith("_or_404"):
                found.append(f"{path.relative_to(PORTFOLIO)}: def {node.name}")
            if ACCESS not in path.parents and _raises_not_found(node):
                found.append(f"{path.relative_to(PORTFOLIO)}:{node.lineno}: raise NotFound")
    assert found == []


def test_no_service_imports_abort() -> None:
    found = []
    for path, tree in _modules():
        if not _is_service(path):
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module == "flask":
                names = [alias.name for alias in node.names]
            if isinstance(node, ast.Attribute) and ast.unparse(node) == "flask.abort":
                names = ["flask.abort"]
            if "abort" in names or "flask.abort" in names:
                found.append(str(path.relative_to(PORTFOLIO)))
    assert found == []


def test_guards_raise_not_found_without_a_request() -> None:
    """A service can be called from a script or a test: the refusal is not an HTTP abort."""
    owner = make_user(Role.TRAINEE)
    stranger = make_user(Role.TRAINEE, site=owner.site)
    trace = make_trace(owner)
    db.session.commit()
    assert access.own_trace(owner, trace.id) is trace
    with pytest.raises(NotFound):
        access.own_trace(stranger, trace.id)
    with pytest.raises(NotFound):
        access.visible_trace(stranger, trace.id)


@pytest.mark.parametrize("record_id", [0, -1, 2**31, True])
def test_ids_a_database_cannot_hold_name_nothing(record_id: int) -> None:
    """2**31 would make PostgreSQL fail; every guard answers 404 for it instead."""
    owner = make_user(Role.TRAINEE)
    db.session.commit()
    with pytest.raises(NotFound):
        access.trainee_review(owner, record_id)
    with pytest.raises(NotFound):
        access.visible_trainee(owner, record_id)
