"""`verify-draw` reads a record or a list of records and needs no database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import shuangsuiji
from shuangsuiji.sampling import record

from .test_record import make

# The package under test, not whichever copy the interpreter would find on its own.
SOURCE = str(Path(shuangsuiji.__file__).parents[1])


def run(path: Path) -> subprocess.CompletedProcess[str]:
    # Plain Python, no Django settings and no database: what an outside verifier runs.
    return subprocess.run(
        [sys.executable, "-m", "shuangsuiji.sampling.verify", str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": SOURCE},
    )


def test_a_list_of_good_records_verifies(tmp_path: Path) -> None:
    path = tmp_path / "draws.json"
    path.write_text(
        json.dumps([make(record.PUBLIC), make(record.AUDITOR)], ensure_ascii=False), "utf-8"
    )
    done = run(path)
    assert done.returncode == 0, done.stderr
    assert "共 2 条记录，全部核验通过" in done.stdout


def test_a_tampered_record_fails_with_the_reason(tmp_path: Path) -> None:
    rec = make(record.PUBLIC)
    rec["secret"] = "11" * 32
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), "utf-8")
    done = run(path)
    assert done.returncode == 1
    assert "公开的服务器密钥与冻结时承诺的哈希不符" in done.stderr


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    assert run(bad).returncode == 2
    assert run(tmp_path / "missing.json").returncode == 2
