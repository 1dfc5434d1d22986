"""The printable 履职记录 (PDF): the evidence pack for 尽职照单免责 (seed 四(一), 四(三)).

Landscape A4: whom it covers, the period, when and by whom it was generated, a summary, the
tasks with their completion and publication timeliness, then one row per result (or per
inspection still without results), and on every page a footer line on 尽职照单免责.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuangsuiji.common.pdf import BODY, FONT, SMALL, TINY, TITLE, build_pdf, grid_table, para
from shuangsuiji.inspections.models import FollowUp

from .duty import DutyRecord

FOOTER = (
    "尽职照单免责：执法检查人员严格依据抽查事项清单和相关工作制度开展“双随机、一公开”监管，"
    "检查对象未被抽到或抽到时未查出问题，且不存在滥用职权、徇私舞弊等情形的，免予追究相关责任"
    "（栾川县“双随机、一公开”监管工作实施方案 四(一)、四(三)）。"
)
PRINCIPLE = (
    "说明：本记录由双随机监管平台根据抽查任务、双随机抽取的检查组、直接委派和合并检查的实际检查组、"
    "检查结果及其确认、后续处置和公示记录自动生成，反映记录对象在所列期间内被分派的抽查任务和"
    "检查对象及其履职情况，可作为“尽职照单免责、失职照单问责”的履职依据。"
    "“期间内”指检查日期在任务检查期间内；公示时效按任务完成后20个工作日计算（方案 三(四)）。"
)


def _d(day: Any) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _follow_up(f: FollowUp) -> str:
    owner = f.owner_department.short_name or f.owner_department.name
    closed = f"，{_d(f.closed_on)}" if f.closed_on else ""
    return f"{f.get_action_display()}（{owner}，{f.get_status_display()}{closed}）"


def _subject(record: DutyRecord) -> str:
    if record.inspector is not None:
        i = record.inspector
        return (
            f"执法检查人员：{i.name}（{i.department.name}，{i.get_kind_display()}，"
            f"执法证号 {i.certificate_no}）"
        )
    return f"成员单位：{record.department.name}"


def _summary(record: DutyRecord) -> list[list[object]]:
    pairs = record.summary()
    rows: list[list[object]] = [[para("项目", SMALL), para("数量", SMALL)] * 3]
    for n in range(0, len(pairs), 3):
        row: list[object] = []
        for label, value in pairs[n : n + 3]:
            row += [para(label, SMALL), para(value, SMALL)]
        rows.append(row + [""] * (6 - len(row)))
    return rows


def _tasks(record: DutyRecord) -> list[list[object]]:
    head = [
        "任务编号",
        "任务名称",
        "身份",
        "检查期间",
        "状态",
        "户数",
        "完成日期",
        "公示日期",
        "公示时效",
    ]
    rows: list[list[object]] = [[para(h, SMALL) for h in head]]
    for line in record.tasks:
        t = line.task
        done = _d(t.completed_on) + ("（逾期）" if line.completed_late else "")
        cells = [
            t.code,
            t.name,
            line.role,
            f"{_d(t.window_start)} 至 {_d(t.window_end)}",
            t.get_state_display(),
            line.assignments,
            done,
            _d(t.publicized_on),
            line.publication.label,
        ]
        rows.append([para(c, TINY) for c in cells])
    return rows


def _rows(record: DutyRecord) -> list[list[object]]:
    head = [
        "任务",
        "检查对象",
        "检查组",
        "抽查事项",
        "检查方式",
        "检查日期",
        "期间内",
        "检查结果",
        "录入及确认",
        "后续处置",
    ]
    rows: list[list[object]] = [[para(h, SMALL) for h in head]]
    for line in record.inspections:
        a = line.assignment
        team = "、".join(m.name for m in a.members) + (
            "；专家 " + "、".join(e.name for e in a.experts) if a.experts else ""
        )
        entity = f"{a.entity.name}（{a.entity.uscc}）"
        for r in line.results:
            res = r.result
            confirms = "；".join(
                f"{c.inspector.name} {timezone.localtime(c.confirmed_at):%Y-%m-%d %H:%M}"
                for c in res.confirmations.all()
            )
            follow = "；".join(_follow_up(f) for f in r.follow_ups)
            cells = [
                a.task.code,
                entity,
                team,
                res.item.name,
                res.get_method_display() + (f"（{res.agency}）" if res.agency else ""),
                _d(res.inspected_on),
                "是" if r.in_window else "否",
                f"{res.category} {res.get_category_display()}",
                f"录入 {res.recorded_by.name}；确认 {confirms or '无'}"
                + ("" if r.confirmed else "（未满两人）"),
                follow or "—",
            ]
            rows.append([para(c, TINY) for c in cells])
        for name in line.missing_items:
            cells = [a.task.code, entity, team, name, "—", "—", "—", "尚未录入", "—", "—"]
            rows.append([para(c, TINY) for c in cells])
    return rows


def _reviews(record: DutyRecord) -> list[list[object]]:
    head = [
        "审查编号",
        "检查对象",
        "问题来源",
        "发现日期",
        "不良后果",
        "状态",
        "审查决定",
        "认定的情形",
    ]
    rows: list[list[object]] = [[para(h, SMALL) for h in head]]
    for r in record.reviews:
        found = [
            f"免责：{r.get_exemption_case_display()}" if r.exemption_case else "",
            f"追责：{r.get_accountability_case_display()}" if r.accountability_case else "",
        ]
        cells = [
            r.code,
            r.entity.name,
            r.get_source_display(),
            _d(r.surfaced_on),
            "是" if r.adverse else "否",
            r.get_state_display(),
            r.get_decision_display() or "—",
            "；".join(f for f in found if f) or "—",
        ]
        rows.append([para(c, TINY) for c in cells])
    return rows


def duty_record_pdf(record: DutyRecord, *, generated_by: str) -> bytes:
    """The 履职记录 as a landscape A4 PDF (module docstring)."""
    generated = timezone.localtime(record.generated_at)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(15 * mm, 10 * mm, FOOTER[:80])
        canvas.drawString(15 * mm, 6.5 * mm, FOOTER[80:])
        canvas.drawRightString(landscape(A4)[0] - 15 * mm, 6.5 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    story: list[Any] = [
        para("履职记录", TITLE),
        Spacer(1, 4 * mm),
        para(_subject(record)),
        para(f"期间：{record.period.label}"),
        para(f"生成时间：{generated:%Y-%m-%d %H:%M}　生成人：{generated_by}", SMALL),
        Spacer(1, 4 * mm),
        para("一、汇总", BODY),
        grid_table(_summary(record), [45 * mm, 20 * mm] * 3),
        Spacer(1, 4 * mm),
        para("二、抽查任务", BODY),
        grid_table(
            _tasks(record),
            [30 * mm, 55 * mm, 18 * mm, 38 * mm, 16 * mm, 12 * mm, 26 * mm, 22 * mm, 40 * mm],
        ),
        Spacer(1, 4 * mm),
        para("三、检查及结果", BODY),
        grid_table(
            _rows(record),
            [
                *(24 * mm, 34 * mm, 28 * mm, 32 * mm, 18 * mm),
                *(19 * mm, 14 * mm, 28 * mm, 36 * mm, 34 * mm),
            ],
        ),
    ]
    if record.reviews:
        story += [
            Spacer(1, 4 * mm),
            para("四、问责/免责审查", BODY),
            grid_table(
                _reviews(record),
                [24 * mm, 50 * mm, 28 * mm, 20 * mm, 14 * mm, 16 * mm, 26 * mm, 89 * mm],
            ),
        ]
    story += [Spacer(1, 5 * mm), para(PRINCIPLE, SMALL)]
    return build_pdf(story, "履职记录", pagesize=landscape(A4), on_page=footer, margin=15 * mm)
