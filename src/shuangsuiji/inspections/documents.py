"""Printable 检查通知书 and 检查表 (PDF).

The font helpers live in common/pdf.py: each PDF embeds a subset of the vendored CJK font.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuangsuiji.common.pdf import FONT, SMALL, TITLE, build_pdf, grid_table, para

from .models import Result, ResultCategory
from .selectors import Assignment

_p = para


def _qr(url: str, size: float = 32 * mm) -> Drawing:
    """The 检查码 as a vector QR code, so the printed notice can be scanned."""
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    scale = [size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0]
    # A drawing's graphics state starts in Helvetica, a font the PDF would reference unembedded.
    drawing = Drawing(size, size, transform=scale, initialFontName=FONT)
    drawing.add(widget)
    return drawing


def _team(a: Assignment) -> list[list[object]]:
    rows: list[list[object]] = [[_p("姓名"), _p("单位"), _p("执法证号")]]
    for m in [*a.members, *a.experts]:
        rows.append([_p(m.name), _p(m.department.name), _p(m.certificate_no)])
    return rows


def notice_pdf(a: Assignment, check_url: str) -> bytes:
    """检查通知书: whom, what, by whom, when, and the 检查码 address."""
    task = a.task
    items = "、".join(i.name for i in a.items())
    story: list[object] = [
        _p("“双随机、一公开”检查通知书", TITLE),
        Spacer(1, 8 * mm),
        _p(f"{a.entity.name}（统一社会信用代码：{a.entity.uscc}）："),
        Spacer(1, 3 * mm),
        _p(
            f"根据《栾川县{task.year}年部门联合“双随机、一公开”抽查工作方案》，"
            f"{task.lead_department.name}组织的抽查任务“{task.name}”（任务编号 {task.code}）"
            f"随机抽中你单位。检查组将于 {task.window_start:%Y年%m月%d日} 至 "
            f"{task.window_end:%Y年%m月%d日} 期间对你单位进行检查，检查事项：{items}。"
            "请予以配合，并准备相关材料。"
        ),
        Spacer(1, 3 * mm),
        _p(
            "检查人员应出示执法证件，检查人员不少于两名。你单位认为检查人员与你单位有直接利害"
            "关系或者有其他关系可能影响公正检查的，有权申请回避。"
        ),
        Spacer(1, 4 * mm),
        grid_table(_team(a), [35 * mm, 80 * mm, 55 * mm]),
        Spacer(1, 4 * mm),
        _p(f"扫码或访问以下地址核验本次检查（检查码）：{check_url}", SMALL),
        _qr(check_url),
        Spacer(1, 10 * mm),
        _p(f"{task.lead_department.name}（盖章）"),
        _p(f"{task.window_start:%Y年%m月%d日}"),
    ]
    return build_pdf(story, "检查通知书")


def checklist_pdf(a: Assignment, results: dict[int, Result]) -> bytes:
    """检查表: one row per item with its legal basis, method and result, signed by the team."""
    task = a.task
    rows: list[list[object]] = [
        [_p("序号"), _p("抽查事项"), _p("检查依据"), _p("检查方式"), _p("检查结果")]
    ]
    for n, item in enumerate(a.items(), start=1):
        r = results.get(item.pk)
        result = (
            f"{r.category} {ResultCategory(r.category).label}" if r else "□ 未发现问题  □ 发现问题"
        )
        method = r.get_method_display() if r else "、".join(item.method_labels)
        rows.append([_p(n), _p(item.name), _p(item.legal_basis, SMALL), _p(method), _p(result)])
    story: list[object] = [
        _p("“双随机、一公开”检查表", TITLE),
        Spacer(1, 6 * mm),
        _p(f"任务：{task.code} {task.name}"),
        _p(f"检查对象：{a.entity.name}（{a.entity.uscc}）"),
        _p(f"地址：{a.entity.address or '—'}"),
        Spacer(1, 4 * mm),
        grid_table(rows, [12 * mm, 45 * mm, 55 * mm, 25 * mm, 33 * mm]),
        Spacer(1, 6 * mm),
        grid_table(_team(a), [35 * mm, 80 * mm, 55 * mm]),
        Spacer(1, 8 * mm),
        _p(
            "检查人员（签名）：____________  ____________      检查对象负责人（签名）：____________"
        ),
    ]
    return build_pdf(story, "检查表")


def content_for(kind: str, a: Assignment, results: dict[int, Result], url: str) -> bytes:
    return notice_pdf(a, url) if kind == "notice" else checklist_pdf(a, results)


__all__ = ["checklist_pdf", "content_for", "notice_pdf"]
