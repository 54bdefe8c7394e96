"""Headless Chromium for the report tests: the one way they start it.

Skipped locally when Chromium is absent; under CI=true the test fails instead (.ci/run installs
it), through ``tests.conftest.require_tool``.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import require_tool

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium(tmp: Path, *args: str) -> str:
    """Run headless Chromium with a fresh profile and return its stdout."""
    exe = require_tool("chromium", "chromium-browser")
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    done = subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def print_to_pdf(html: Path, pdf: Path) -> PdfReader:
    """``html`` printed by Chromium to ``pdf`` (no header or footer, headings as the outline)."""
    chromium(
        pdf.parent,
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    )
    return PdfReader(pdf)


def outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, NFC title, page index) of every heading in the PDF outline, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                title = unicodedata.normalize("NFC", item.title)
                out.append((depth, title, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    return out


def page_text(pdf: PdfReader, number: int) -> str:
    return unicodedata.normalize("NFC", pdf.pages[number].extract_text())
