"""Shared reportlab pieces for the printable documents (检查通知书, 检查表, 履职记录).

Every document embeds a subset of the vendored TrueType font WenQuanYi Micro Hei
(common/fonts/, Apache-2.0, see NOTICE there): the PDF carries the glyphs it uses and their
Unicode map, so it renders and extracts the same on a machine with no CJK font data. No other
font is referenced, not even reportlab's default Helvetica.
"""

from __future__ import annotations

import io
from importlib import resources
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "WenQuanYiMicroHei"
FONT_FILE = "wqy-microhei.ttc"


def _register_font() -> None:
    """Register the vendored font, read through importlib.resources so it works from a wheel."""
    source = resources.files("shuangsuiji.common").joinpath("fonts", FONT_FILE)
    with source.open("rb") as data:
        # Face 0 of the collection is the proportional "Micro Hei"; face 1 is its Mono.
        pdfmetrics.registerFont(TTFont(FONT, data, subfontIndex=0))


_register_font()

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
                # Plain-string cells would otherwise fall back to Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), FONT),
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
        initialFontName=FONT,
    )
    if on_page is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
