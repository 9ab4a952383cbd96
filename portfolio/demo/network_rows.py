"""Bulk writing for the network generator: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in the order of the columns named; every other column of the table gets
its Python-side default (or NULL), computed once per table. A JSON column takes the Python value
(a list, a dict), written as JSON on both databases. Each table is written in one
transaction per batch of rows, so that a crash leaves whole batches, never half a row.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import JSON, Connection, Table, text

BATCH = 200_000
"""Rows per transaction (and per COPY statement on PostgreSQL)."""

Report = Callable[[str, int, float], None]
"""Told, after each table: its name, the rows written, the seconds it took."""


def _defaults(table: Table, given: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """The columns not ``given`` and the value each gets (its scalar default, else NULL)."""
    names: list[str] = []
    values: list[Any] = []
    for column in table.columns:
        if column.name in given or (column.primary_key and column.name == "id"):
            continue
        default = column.default
        value: Any = None
        if default is not None and getattr(default, "is_scalar", False):
            value = default.arg  # type: ignore[attr-defined]
        elif default is not None and getattr(default, "is_callable", False):
            value = default.arg(None)  # type: ignore[attr-defined]
        elif column.server_default is not None:
            continue  # the database fills it
        elif not column.nullable:
            raise ValueError(f"{table.name}.{column.name} needs a value")
        names.append(column.name)
        values.append(value)
    return names, tuple(values)


class Writer:
    """Writes rows into tables of one database, table after table, and reports the time."""

    def __init__(self, conn: Connection, report: Report) -> None:
        self.conn = conn
        self.report = report
        self.postgres = conn.dialect.name == "postgresql"

    def write(self, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        """Write ``rows`` (tuples in ``columns`` order) into ``table``; return how many."""
        began = time.perf_counter()
        extra_names, extra_values = _defaults(table, columns)
        names = [*columns, *extra_names]
        count = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            full = [row + extra_values for row in batch] if extra_values else batch
            with self.conn.begin():
                if self.postgres:
                    self._copy(table, names, full)
                else:
                    self.conn.execute(
                        table.insert(), [dict(zip(names, row, strict=True)) for row in full]
                    )
            count += len(batch)
        self.report(table.name, count, time.perf_counter() - began)
        return count

    def _copy(self, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        raw = self.conn.connection.driver_connection
        columns = ", ".join(f'"{name}"' for name in names)
        statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
        # COPY would send a Python list as a PostgreSQL array ("{}" for [], which a JSON
        # column reads as an empty object): JSON values are sent as JSON.
        json_at = [n for n, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
        with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                if json_at:
                    values = list(row)
                    for n in json_at:
                        values[n] = Json(values[n])
                    row = tuple(values)
                copy.write_row(row)

    def finish(self, tables: Sequence[Table]) -> None:
        """Move each table's id sequence past the ids written (PostgreSQL); vacuum, gather statistics."""
        with self.conn.begin():
            if self.postgres:
                for table in tables:
                    if "id" in table.columns and table.c.id.autoincrement is not False:
                        name = table.name
                        sequence = f"pg_get_serial_sequence('\"{name}\"', 'id')"
                        highest = f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1'  # noqa: S608
                        self.conn.execute(text(f"SELECT setval({sequence}, {highest}, false)"))
            if not self.postgres:
                self.conn.execute(text("ANALYZE"))
        if self.postgres:
            # VACUUM sets the visibility map, so that index-only scans skip the table (as
            # autovacuum would do later on a real database); it cannot run in a transaction.
            raw = self.conn.connection.driver_connection
            raw.autocommit = True  # type: ignore[union-attr]
            try:
                names = ", ".join(f'"{table.name}"' for table in tables)
                raw.execute(f"VACUUM ANALYZE {names}")  # type: ignore[union-attr]
            finally:
                raw.autocommit = False  # type: ignore[union-attr]


def chunked(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``values`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
