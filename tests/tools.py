"""External programs the tests drive (poppler's pdffonts/pdftotext/pdftoppm, Chromium).

`require_tool` is the one switch: a missing program skips the test with a visible reason on a
developer's machine, and fails it when SSJ_REQUIRE_TOOLS=1 (CI, which installs them all).
The PDF helpers below check every PDF the system produces the same way: all fonts embedded,
the text extractable, and the page rendering identically on a machine with no fonts at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops

# Where each program comes from on Debian, for the skip/fail message.
PACKAGES = {
    "pdffonts": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "fc-list": "fontconfig",
    "chromium": "chromium and fonts-noto-cjk",
}


def require_tool(name: str, *, path: Path | None = None) -> str:
    """The executable ``name`` (found on PATH, or at ``path``), or skip/fail the test without it."""
    if path is not None:
        found = str(path) if path.is_file() and os.access(path, os.X_OK) else None
    else:
        found = shutil.which(name)
    if found is not None:
        return found
    where = f"at {path}" if path is not None else "on PATH"
    reason = (
        f"{name} not found {where}: test skipped "
        f"(install Debian's {PACKAGES.get(name, name)}; SSJ_REQUIRE_TOOLS=1 makes this a failure)"
    )
    if os.environ.get("SSJ_REQUIRE_TOOLS") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _run(tool: str, args: list[str], data: bytes, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        [require_tool(tool), *args], input=data, capture_output=True, check=True, env=env
    )
    # poppler reports a font it cannot load (say, a CID font without its language pack) on
    # stderr and goes on without it: for our PDFs any complaint is a failure.
    assert completed.stderr == b"", f"{tool}: {completed.stderr.decode(errors='replace')}"
    return completed.stdout.decode()


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool
    unicode_map: bool


def pdf_fonts(data: bytes) -> list[PdfFont]:
    """The fonts a PDF uses, read from pdffonts' table (columns sized by its dashed rule)."""
    lines = _run("pdffonts", ["-"], data).splitlines()
    assert lines[1].startswith("---"), f"unexpected pdffonts output: {lines}"
    spans: list[tuple[int, int]] = []
    start = 0
    for part in lines[1].split(" "):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    header = [lines[0][a:b].strip() for a, b in spans]
    fonts = []
    for line in lines[2:]:
        row = dict(zip(header, (line[a:b].strip() for a, b in spans), strict=True))
        fonts.append(PdfFont(row["name"], row["type"], row["emb"] == "yes", row["uni"] == "yes"))
    return fonts


def embedded_pdf_text(data: bytes) -> str:
    """The text of a PDF whose every font is embedded with a Unicode map (asserted)."""
    assert data.startswith(b"%PDF")
    fonts = pdf_fonts(data)
    assert fonts, "the PDF uses no font at all"
    missing = [f for f in fonts if not (f.embedded and f.unicode_map)]
    assert missing == [], f"fonts not embedded with a Unicode map: {missing}"
    return _run("pdftotext", ["-", "-"], data)


def flat(text: str) -> str:
    """Text without any whitespace: table cells wrap at arbitrary characters."""
    return "".join(text.split())


def fontless_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig sees no font at all: an empty font directory only."""
    fonts = tmp_path / "no-fonts"
    fonts.mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    env.pop("FONTCONFIG_PATH", None)
    listed = subprocess.run(
        [require_tool("fc-list")], capture_output=True, check=True, text=True, env=env
    ).stdout
    assert listed.strip() == "", "the font-less fontconfig still lists fonts"
    return env


def render_first_page(data: bytes, out: Path, env: dict[str, str] | None = None) -> Path:
    """Page 1 of the PDF as a PNG at ``out`` (.png added by pdftoppm)."""
    _run("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", str(out)],
         data, env)  # fmt: skip
    return out.with_suffix(".png")


@dataclass(frozen=True)
class FontlessCheck:
    text: str
    png: Path
    inked_pixels: int


def check_without_system_fonts(data: bytes, tmp_path: Path) -> FontlessCheck:
    """Render page 1 and extract the text with no system font: the same as with the fonts.

    The page must be pixel-identical to the one rendered with the machine's own fonts (so
    nothing is substituted) and carry ink (so the identity is not of two blank pages).
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = fontless_env(tmp_path)
    with_fonts = render_first_page(data, tmp_path / "with-fonts")
    without = render_first_page(data, tmp_path / "without-fonts", env)
    with Image.open(with_fonts) as a, Image.open(without) as b:
        assert a.size == b.size, (a.size, b.size)
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None, (
            "the page renders differently without the system fonts"
        )
        inked = sum(b.convert("L").histogram()[:128])
    assert inked > 100, "the page rendered blank"
    text = _run("pdftotext", ["-", "-"], data, env)
    assert flat(text) == flat(_run("pdftotext", ["-", "-"], data)), "text differs without fonts"
    return FontlessCheck(text, without, inked)
