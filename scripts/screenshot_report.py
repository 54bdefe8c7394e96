"""Run the example district end to end and screenshot its report for the README.

    .venv/bin/python scripts/screenshot_report.py            # writes docs/img/report.png
    .venv/bin/python scripts/screenshot_report.py --html /tmp/report.html --pdf /tmp/report.pdf

The report is the one `make run` writes for examples/quang-dien-2021 (synthetic data: 11 real
unit names, invented scores, a tie, a provisional and an excluded unit), run on a copy.

How to print the report: open report.html in a browser, press Ctrl+P, choose A4 and landscape
(the report's print styles ask for it: cover, ranking, area matrix, charts, quality, staff and
method each start a page, every unit starts its own page, table headers repeat on each page).
Without a window, headless Chromium prints the same thing:

    chromium --headless --no-pdf-header-footer --print-to-pdf=report.pdf report.html
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from par_index.pipeline import run_workspace
from par_index.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "quang-dien-2021"

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
    "--hide-scrollbars",
]


def chromium(profile: Path, *args: str) -> None:
    """Run headless Chromium with a throw-away profile."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("chromium is not installed (Debian: apt-get install chromium)")
    subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *args],
        check=True,
        capture_output=True,
        timeout=180,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    parser.add_argument("--html", type=Path, help="also keep the HTML report here")
    parser.add_argument("--pdf", type=Path, help="also print the report to this PDF")
    parser.add_argument("--size", default="1280,1500", help="window size of the screenshot")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "quang-dien-2021"
        shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns("outputs"))
        run_workspace(load_workspace(workspace), lang="vi", feedback=False)
        html = workspace / "outputs" / "report.html"
        if options.html:
            shutil.copy2(html, options.html)
        options.out.parent.mkdir(parents=True, exist_ok=True)
        chromium(
            Path(tmp) / "profile-1",
            f"--screenshot={options.out.resolve()}",
            f"--window-size={options.size}",
            html.resolve().as_uri(),
        )
        print(f"screenshot: {options.out}")
        if options.pdf:
            chromium(
                Path(tmp) / "profile-2",
                "--no-pdf-header-footer",
                f"--print-to-pdf={options.pdf.resolve()}",
                html.resolve().as_uri(),
            )
            print(f"pdf: {options.pdf}")


if __name__ == "__main__":
    main()
