"""The test helpers for external tools: missing tools skip or fail, unembedded fonts are caught."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from shuangsuiji.common.pdf import FONT

from .tools import check_without_system_fonts, embedded_pdf_text, pdf_fonts, require_tool

MISSING = "ssj-no-such-tool"


def test_a_missing_tool_skips_with_a_visible_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSJ_REQUIRE_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} not found on PATH"):
        require_tool(MISSING)


def test_a_missing_tool_fails_where_tools_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSJ_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="install Debian's poppler-utils"):
        require_tool("pdftotext", path=Path("/nonexistent/pdftotext"))


def test_a_file_that_is_not_executable_is_no_tool(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSJ_REQUIRE_TOOLS", "1")
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    with pytest.raises(pytest.fail.Exception, match=f"chromium not found at {fake}"):
        require_tool("chromium", path=fake)
    fake.chmod(0o755)
    assert require_tool("chromium", path=fake) == str(fake)


def _pdf(font: str, text: str) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, initialFontName=font)
    page.setFont(font, 12)
    page.drawString(72, 700, text)
    page.save()
    return out.getvalue()


def test_the_vendored_font_is_embedded_and_extracts() -> None:
    text = "检查通知书 LC2025-SCJG-101 91410324MA44ABCD1X"
    fonts = pdf_fonts(_pdf(FONT, text))
    assert [(f.type, f.embedded, f.unicode_map) for f in fonts] == [("TrueType", True, True)]
    assert fonts[0].name.endswith("+WenQuanYiMicroHei-0")  # a subset: "ABCDEF+" prefix
    assert embedded_pdf_text(_pdf(FONT, text)).strip() == text


def test_a_referenced_font_is_rejected() -> None:
    with pytest.raises(AssertionError, match="Helvetica"):
        embedded_pdf_text(_pdf("Helvetica", "LC2025-SCJG-101"))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    # Where poppler-data is installed pdffonts lists it unembedded; where not, it cannot load it.
    with pytest.raises(AssertionError, match=r"STSong-Light|Missing language pack for 'Adobe-GB1'"):
        embedded_pdf_text(_pdf("STSong-Light", "检查通知书"))


def test_a_page_that_needs_the_machines_fonts_is_caught(tmp_path: Path) -> None:
    """With no system font the CID text draws nothing (or differently): not the same page."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    # Poppler says so in its own words, which differ between versions and poppler-data.
    caught = r"Adobe-GB1|Couldn't find a font|renders differently|rendered blank"
    with pytest.raises(AssertionError, match=caught):
        check_without_system_fonts(_pdf("STSong-Light", "检查通知书" * 3), tmp_path)
    embedded = check_without_system_fonts(_pdf(FONT, "检查通知书" * 3), tmp_path / "embedded")
    assert embedded.text.strip() == "检查通知书" * 3
