"""What `verify-draw` prints and returns for each kind of file, called in-process (the command
test runs it as an outsider would, in a subprocess). Expected text written out by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.sampling import record, verify

from .test_record_tampering import LABEL, make

PUBLIC_OK = f"{LABEL} 核验通过：名单 40 户，抽中 13 户，检查组 13 个（公开版）"
AUDITOR_OK = (
    f"{LABEL} 核验通过：名单 40 户，抽中 13 户，检查组 13 个（含回避等非公开数据，分组已完整复算）"
)


def run(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = verify.verify_file(path, out, err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: Any, encoding: str = "utf-8") -> Path:
    path = tmp_path / "draws.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding)
    return path


def test_a_list_of_good_records_prints_one_line_each_and_the_total(tmp_path: Path) -> None:
    path = write(tmp_path, [make(record.PUBLIC), make(record.AUDITOR)])
    assert run(path) == (
        0,
        f"第1条 {PUBLIC_OK}\n第2条 {AUDITOR_OK}\n共 2 条记录，全部核验通过\n",
        "",
    )


def test_a_single_record_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, make(record.PUBLIC), encoding="utf-8-sig")
    assert run(path) == (0, f"第1条 {PUBLIC_OK}\n共 1 条记录，全部核验通过\n", "")


def test_a_tampered_record_goes_to_stderr_with_its_problem(tmp_path: Path) -> None:
    rec = make(record.PUBLIC)
    rec["batches"] = [rec["batches"][1], rec["batches"][0], *rec["batches"][2:]]
    assert run(write(tmp_path, rec)) == (
        1,
        "",
        f"第1条 {LABEL} 核验不通过（1 处）\n  - 检查批次顺序与复算结果不符\n"
        "共 1 条记录，1 条核验不通过\n",
    )


def test_an_item_that_is_not_an_object_fails_and_the_rest_is_still_verified(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, [1, make(record.PUBLIC)])
    assert run(path) == (
        1,
        f"第2条 {PUBLIC_OK}\n",
        "第1条：不是抽取记录（应为 JSON 对象）\n共 2 条记录，1 条核验不通过\n",
    )


def test_an_empty_list_holds_no_record(tmp_path: Path) -> None:
    assert run(write(tmp_path, [])) == (2, "", "文件中没有抽取记录\n")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    assert run(path) == (2, "", f"文件不存在：{path}\n")


def test_a_file_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json", "utf-8")
    assert run(path) == (
        2,
        "",
        "不是有效的 JSON 文件：Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)\n",
    )


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes("抽取".encode("gbk"))
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert err.startswith("不是有效的 JSON 文件：'utf-8' codec can't decode byte 0xb3")


@pytest.mark.parametrize("argv", [[], ["a.json", "b.json"]])
def test_the_command_wants_exactly_one_file(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify.main(argv) == 2
    assert capsys.readouterr().err == "用法：python -m shuangsuiji.sampling.verify 抽取记录.json\n"


def test_the_command_verifies_the_file_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, make(record.PUBLIC))
    assert verify.main([str(path)]) == 0
    assert capsys.readouterr().out == f"第1条 {PUBLIC_OK}\n共 1 条记录，全部核验通过\n"


def test_two_failing_records_are_counted_as_two(tmp_path: Path) -> None:
    code, out, err = run(write(tmp_path, [1, 2, make(record.PUBLIC)]))
    assert (code, out) == (1, f"第3条 {PUBLIC_OK}\n")
    assert err.endswith("共 3 条记录，2 条核验不通过\n")


def test_without_arguments_the_command_reads_its_own_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["verify-draw", str(tmp_path / "missing.json")])
    assert verify.main() == 2
    assert capsys.readouterr().err == f"文件不存在：{tmp_path / 'missing.json'}\n"
