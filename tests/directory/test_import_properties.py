"""Property: a file imports whole or not at all, and every bad row is reported by its line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangsuiji.common.errors import RowsRejected
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import Entity

from .factories import uscc_for
from .files import ENTITY_HEADER, csv_bytes

BAD_CELLS = {
    0: ["91410324MA44XK7R86", "914103241716722", "91410324MA44XKIR85", ""],
    1: [""],
    2: ["公司"],
    3: ["洛阳市"],
    4: ["E", "高"],
    5: ["2021-02-30", "去年"],
}


@st.composite
def files(draw: st.DrawFn) -> tuple[list[list[str]], set[int]]:
    count = draw(st.integers(1, 12))
    rows: list[list[str]] = []
    bad_lines: set[int] = set()
    for i in range(count):
        row = [uscc_for(1000 + i), f"企业{i}", "企业", "城关镇", draw(st.sampled_from("ABCD")), ""]
        if draw(st.booleans()):
            column = draw(st.sampled_from(sorted(BAD_CELLS)))
            row[column] = draw(st.sampled_from(BAD_CELLS[column]))
            bad_lines.add(i + 2)
        rows.append(row)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
    return [*rows, [encoding]], bad_lines


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files())
def test_file_imports_whole_or_not_at_all(case: tuple[list[list[str]], set[int]]) -> None:
    *rows, (encoding,) = case[0]
    bad_lines = case[1]
    Entity.objects.all().delete()
    AuditEntry.objects.all().delete()
    data = csv_bytes(ENTITY_HEADER, rows, encoding)
    if bad_lines:
        with pytest.raises(RowsRejected) as caught:
            import_file(kind="entities", filename="x.csv", data=data, actor=SYSTEM)
        assert {e.line for e in caught.value.errors} == bad_lines
        assert Entity.objects.count() == 0
        assert not AuditEntry.objects.exists()
    else:
        report = import_file(kind="entities", filename="x.csv", data=data, actor=SYSTEM)
        assert report.created == len(rows) == Entity.objects.count()
