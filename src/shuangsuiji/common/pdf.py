"""Shared reportlab pieces for the printable documents (检查通知书, 检查表, 履职记录).

The CJK font STSong-Light is referenced, not embedded: every PDF reader ships the Adobe-GB1 CID
fonts, so the server needs no Chinese font file.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18)
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=13)
TINY = ParagraphStyle("tiny", fontName=FONT, fontSize=7.5, leading=10)


def esc(text: object) -> str:
    """Text safe inside a reportlab Paragraph (its mini-markup treats <, > and & specially)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(esc(text), style)


def grid_table(rows: list[list[object]], widths: list[float]) -> Table:
    """A ruled table whose first row is a shaded header, repeated on every page."""
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
            ]
        )
    )
    return table


def build_pdf(
    story: list[Any],
    title: str,
    *,
    pagesize: tuple[float, float] = A4,
    on_page: Any = None,
    margin: float = 20 * mm,
) -> bytes:
    """Lay out ``story`` on A4 (or ``pagesize``); ``on_page(canvas, doc)`` draws headers."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="双随机监管平台",
    )
    if on_page is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
