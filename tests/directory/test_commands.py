from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import Entity, User

from .factories import EntityFactory, InspectorFactory, ItemFactory
from .files import ENTITY_HEADER, GOOD_A, GOOD_B, csv_bytes

pytestmark = pytest.mark.django_db


def run(*args: str) -> int:
    """Run a command in-process; a CommandError is what the console turns into exit status 1."""
    try:
        call_command(*args)
    except CommandError as exc:
        sys.stderr.write(str(exc))
        return 1
    return 0


def test_console_command_exit_status_and_audit_origin(tmp_path: Path) -> None:
    """The real `shuangsuiji` entry point in a fresh data directory (SQLite)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SSJ_DATA_DIR"] = str(tmp_path / "var")
    exe = [sys.executable, "-m", "shuangsuiji.cli"]
    subprocess.run([*exe, "migrate", "-v0"], env=env, check=True)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes(ENTITY_HEADER, [["91410324MA44XK7R86", "乙", "企业", "城关镇", "A", ""]], "gbk")
    )
    done = subprocess.run([*exe, "import", "entities", str(bad)], env=env, capture_output=True)
    assert done.returncode != 0
    assert "第2行 统一社会信用代码" in done.stderr.decode("utf-8")
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(ENTITY_HEADER, [[GOOD_A, "甲", "企业", "城关镇", "A", ""]]))
    subprocess.run([*exe, "import", "entities", str(good)], env=env, check=True)
    verify = subprocess.run([*exe, "audit-verify"], env=env, capture_output=True, check=True)
    assert "共 1 条" in verify.stdout.decode("utf-8")
    with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as db:
        (command,) = db.execute("select command from common_auditentry").fetchone()
    assert command == f"shuangsuiji import entities {good}"


def test_import_command_refuses_bad_file_with_nonzero_exit(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            ENTITY_HEADER,
            [
                [GOOD_A, "甲", "企业", "城关镇", "A", ""],
                ["91410324MA44XK7R86", "乙", "企业", "城关镇", "A", ""],
            ],
            "gbk",
        )
    )
    assert run("import", "entities", str(path)) == 1
    err = capsys.readouterr().err
    assert "第3行 统一社会信用代码: 第18位校验码应为 5，实际为 6" in err
    assert Entity.objects.count() == 0


def test_import_command_dry_run_then_real(tmp_path: Path, capsys) -> None:
    path = tmp_path / "ok.csv"
    path.write_bytes(
        csv_bytes(
            ENTITY_HEADER,
            [[GOOD_A, "甲", "企业", "城关镇", "A", ""], [GOOD_B, "乙", "企业", "城关镇", "B", ""]],
        )
    )
    assert run("import", "entities", str(path), "--dry-run") == 0
    assert "试导入" in capsys.readouterr().out
    assert Entity.objects.count() == 0
    assert run("import", "entities", str(path)) == 0
    assert "新增 2" in capsys.readouterr().out
    entry = AuditEntry.objects.get(action="entities.import")
    assert entry.actor_name == "系统（命令行）"


def test_import_command_acts_as_given_user(tmp_path: Path, market_admin: User) -> None:
    path = tmp_path / "ok.csv"
    path.write_bytes(csv_bytes(ENTITY_HEADER, [[GOOD_A, "甲", "企业", "城关镇", "A", ""]]))
    assert run("import", "entities", str(path), "--user", "market_admin") == 0
    assert AuditEntry.objects.get(action="entities.import").actor_id == market_admin.pk


def test_import_command_unknown_user_and_missing_file(tmp_path: Path, capsys) -> None:
    assert run("import", "entities", str(tmp_path / "nope.csv")) == 1
    assert "文件不存在" in capsys.readouterr().err


def test_export_formats(tmp_path: Path, capsysbinary) -> None:
    EntityFactory(name="栾川县（伊河）商贸有限公司")
    assert run("export", "entities", "--format", "csv") == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["统一社会信用代码", "名称"]
    assert rows[1][1] == "栾川县（伊河）商贸有限公司"
    out = tmp_path / "e.xlsx"
    assert run("export", "entities", "--format", "xlsx", "-o", str(out)) == 0
    sheet = load_workbook(out).worksheets[0]
    assert sheet.cell(2, 2).value == "栾川县（伊河）商贸有限公司"
    assert run("export", "entities", "--format", "json", "-o", str(tmp_path / "e.json")) == 0
    assert json.loads((tmp_path / "e.json").read_text("utf-8"))[0]["名称"].startswith("栾川县")


@pytest.mark.parametrize("kind", ["items", "entities", "inspectors"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(
    tmp_path: Path, office_admin: User, kind: str, fmt: str
) -> None:
    EntityFactory.create_batch(3)
    InspectorFactory.create_batch(2)
    ItemFactory.create_batch(2)
    out = tmp_path / f"x.{fmt}"
    assert run("export", kind, "--format", fmt, "-o", str(out)) == 0
    report = import_file(kind=kind, filename=out.name, data=out.read_bytes(), actor=office_admin)
    assert report.created == 0 and report.updated == 0 and report.unchanged > 0
