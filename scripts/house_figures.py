"""Print the figures that say whether the house is in order (issue 11), from the repository.

    .venv/bin/python scripts/house_figures.py [--database-url URL]

- the largest Python modules and every function over 80 lines (migrations aside);
- where an ``Assessment`` row is built (one place expected);
- modules defining access guards, and services importing Flask's ``abort`` (0 expected);
- CHECK, unique and partial unique constraints of a database migrated to the head revision
  (a throwaway SQLite file unless ``--database-url`` names an empty PostgreSQL database).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ("portfolio", "referentiel", "game", "tests", "bench", "scripts")
SKIP = {"migrations", "node_modules", "__pycache__", ".venv"}


def _python_files() -> list[Path]:
    files = [p for top in CODE for p in (ROOT / top).rglob("*.py")]
    return sorted(p for p in files if not SKIP & set(p.relative_to(ROOT).parts))


def sizes() -> None:
    modules, functions = [], []
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        modules.append((text.count("\n"), path.relative_to(ROOT)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    functions.append(
                        (length, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
                    )
    print("largest modules:")
    for lines, path in sorted(modules, reverse=True)[:3]:
        print(f"  {lines:5d} {path}")
    print(f"functions over 80 lines: {len(functions)}")
    for length, where in sorted(functions, reverse=True):
        print(f"  {length:5d} {where}")


def _grep(pattern: str, under: str) -> list[str]:
    found = []
    regex = re.compile(pattern)
    for path in _python_files():
        relative = path.relative_to(ROOT)
        if not str(relative).startswith(under):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if regex.search(line):
                found.append(f"{relative}:{number}")
    return found


def write_paths_and_guards() -> None:
    built = _grep(r"(?<!class )\bAssessment\(", "portfolio")
    print(f"places building an Assessment: {len(built)} {built}")
    guards = {
        site.split(":")[0] for site in _grep(r"def \w+_or_404\b|raise NotFound\b", "portfolio")
    }
    print(f"modules defining access guards: {len(guards)} {sorted(guards)}")
    service_paths = [s for s in _grep(r"import abort|\babort\(", "portfolio") if "services" in s]
    print(f"service modules using flask.abort: {len(service_paths)}")


def constraints(database_url: str | None) -> None:
    import logging

    from sqlalchemy import create_engine, inspect

    from portfolio import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{folder}/figures.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "figures"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(directory=str(ROOT / "portfolio" / "migrations"))
            logging.getLogger("alembic").setLevel(logging.WARNING)
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        found = inspect(engine)
        tables = found.get_table_names()
        checks = sum(len(found.get_check_constraints(t)) for t in tables)
        uniques = sum(len(found.get_unique_constraints(t)) for t in tables)
        unique_indexes = sum(1 for t in tables for i in found.get_indexes(t) if i.get("unique"))
        engine.dispose()
    print(
        f"database at head ({url.split(':')[0]}): {len(tables)} tables, {checks} CHECK constraints, "
        f"{uniques} unique constraints, {unique_indexes} unique indexes"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database to migrate (default: SQLite)")
    args = parser.parse_args(argv)
    sizes()
    write_paths_and_guards()
    constraints(args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
