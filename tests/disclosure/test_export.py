from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import services

from .builders import completed_task, publicized_task

pytestmark = pytest.mark.django_db

HEADER = [
    "任务编号", "任务名称", "检查机关", "抽查类型", "完成日期", "公示日期",
    "统一社会信用代码", "检查对象名称", "抽查事项", "检查日期", "检查结果代码", "检查结果",
]  # fmt: skip


def test_cli_exports_a_tasks_results_in_every_format(tmp_path: Path) -> None:
    p = publicized_task()
    out = tmp_path / "r.json"
    call_command("export", "results", "--task", p.task.code, "--format", "json", "-o", str(out))
    rows = json.loads(out.read_text("utf-8"))
    assert {r["uscc"] for r in rows} == {r.entity.uscc for r in p.results}
    problem = next(r for r in rows if r["uscc"] == p.problem.entity.uscc)
    assert problem["result_code"] == "2" and problem["completed_on"] == "2025-10-31"
    assert problem["kind"] == "不定向抽查"

    call_command("export", "results", "--format", "csv", "-o", str(tmp_path / "r.csv"))
    text = (tmp_path / "r.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == HEADER and len(table) == 1 + len(p.results)

    call_command("export", "results", "--since", "2025-10-31", "--format", "xlsx", "-o",
                 str(tmp_path / "r.xlsx"))  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert [c.value for c in next(sheet.iter_rows())] == HEADER
    assert sheet.max_row == 1 + len(p.results)
    call_command("export", "results", "--since", "2025-11-01", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text("utf-8")) == []


def test_export_leaves_out_pending_and_approved_exemptions_and_scopes_by_user(
    tmp_path: Path, office_admin: User, health_admin: User
) -> None:
    p = completed_task()
    services.exemption_request(actor=p.admin, result=p.problem, reason="涉及商业秘密")
    out = tmp_path / "r.json"
    call_command("export", "results", "--format", "json", "-o", str(out))
    assert p.problem.entity.uscc not in {r["uscc"] for r in json.loads(out.read_text("utf-8"))}
    assert len(json.loads(out.read_text("utf-8"))) == len(p.results) - 1
    call_command("export", "results", "--format", "json", "--user", health_admin.username,
                 "-o", str(out))  # fmt: skip
    assert json.loads(out.read_text("utf-8")) == []
    with pytest.raises(CommandError, match="无权查看"):
        call_command("export", "results", "--task", p.task.code, "--user", health_admin.username)


def test_export_options_are_checked() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export", "results", "--since", "2025/10/01")
    with pytest.raises(CommandError, match="--task 只适用于 results"):
        call_command("export", "entities", "--task", "X")
    with pytest.raises(CommandError, match="--auditor 只适用于 draws"):
        call_command("export", "results", "--auditor")
