"""Importing the 30,000-row entity directory from CSV into a fresh SQLite database.

Ours: ``importers.import_file`` (parse, validate every code and field, bulk write, tags, one
audit entry). Peer: ``csv.DictReader`` plus one ``executemany`` INSERT of the same rows through
``sqlite3`` into a fresh file with the same journal settings, no validation: the floor for
getting these bytes into SQLite from Python.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import tempfile
from pathlib import Path

from bench import Result, fresh_database, timed

ROWS = 30_000
SEED = 2025


def _peer(data: bytes) -> float:
    with tempfile.TemporaryDirectory(prefix="ssj-bench-peer-") as folder:
        connection = sqlite3.connect(Path(folder) / "peer.sqlite3")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        columns = ", ".join(f'"{h}"' for h in header)
        connection.execute(f"CREATE TABLE entity (id INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" for _ in header)
        with timed() as timer:
            reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            connection.executemany(
                f"INSERT INTO entity ({columns}) VALUES ({marks})",
                ([row[h] for h in header] for row in reader),
            )
            connection.commit()
        count = connection.execute("SELECT count(*) FROM entity").fetchone()[0]
        connection.close()
    assert count == ROWS, count
    return timer.seconds


def run() -> list[Result]:
    from shuangsuiji.directory.access import SYSTEM
    from shuangsuiji.directory.demo import entity_rows
    from shuangsuiji.directory.importers import import_file
    from shuangsuiji.directory.tabular import write

    header, rows = entity_rows(random.Random(SEED), ROWS)
    data = write("csv", header, rows)
    fresh_database()
    with timed() as timer:
        report = import_file(kind="entities", filename="bench.csv", data=data, actor=SYSTEM)
    assert report.created == ROWS, report.summary()
    return [
        Result(
            name="import_entities_30k",
            value=timer.seconds,
            unit="s",
            peer="csv.DictReader + sqlite3 executemany",
            peer_value=_peer(data),
        )
    ]
