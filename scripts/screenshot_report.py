"""Render the SYNTHETIC Quảng Điền district report and screenshot it for the README.

    .venv/bin/python scripts/screenshot_report.py            # writes docs/img/report.png
    .venv/bin/python scripts/screenshot_report.py --html /tmp/report.html --pdf /tmp/report.pdf

The district (11 units, invented scores, a tie, a provisional and an excluded unit) comes from
tests/report/report_district.py, scored on the shipped commune set xa-mau.

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

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report.report_district import build_district  # noqa: E402

from par_index.criteria import load_criteria  # noqa: E402
from par_index.report import write_html_report  # noqa: E402

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
        html = options.html or Path(tmp) / "report.html"
        cs = load_criteria("xa-mau")
        results, report = build_district(cs)
        write_html_report(
            html,
            results,
            report,
            cs,
            generated_at="2022-01-20",
            producer="Phòng Nội vụ huyện Quảng Điền (dữ liệu tổng hợp)",
        )
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
