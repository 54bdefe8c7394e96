"""The HTML report in a real headless Chromium: DOM, filter script, layout at A4 width, PDF, PNG.

Needs chromium (skipped locally when absent, fails under CI=true: .ci/run installs it).
"""

from __future__ import annotations

import json
import struct
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from par_index.check.finding import Report
from par_index.criteria.model import CriteriaSet
from par_index.report import write_html_report
from par_index.results import Results
from report.browser import chromium, outline, page_text, print_to_pdf
from report.dom import parse
from report.report_district import UNITS

pytestmark = pytest.mark.chromium

WINDOW_PX = 1047
"""A narrow window (a small laptop's); the printed layout is tested in test_report_print."""
A4_PORTRAIT_PT = (595, 842)
SUMMARY_PAGES = 6
MEASURE = """
<script>
(function () {
  var out = {viewport: document.documentElement.clientWidth,
             page: document.documentElement.scrollWidth, tables: [], cells: []};
  document.querySelectorAll("table").forEach(function (t, i) {
    var r = t.getBoundingClientRect();
    out.tables.push({n: i, id: t.id || t.className, right: r.right, width: r.width});
  });
  document.querySelectorAll("td, th").forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1) { out.cells.push(c.textContent.slice(0, 40)); }
  });
  var box = document.getElementById("filter");
  box.value = "quang an";
  box.dispatchEvent(new Event("input"));
  out.visible = Array.prototype.filter.call(
    document.querySelectorAll("#ranking-table tbody tr"), function (r) { return !r.hidden; }
  ).map(function (r) { return r.getAttribute("data-unit"); });
  out.count = document.getElementById("filter-count").textContent;
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    district: tuple[Results, Report],
    report_set: CriteriaSet,
) -> Path:
    results, report = district
    folder = tmp_path_factory.mktemp("browser")
    write_html_report(folder / "report.html", results, report, report_set)
    return folder


@pytest.fixture(scope="module")
def pdf(site: Path) -> PdfReader:
    """The report printed by Chromium, with its headings as the PDF outline (bookmarks)."""
    return print_to_pdf(site / "report.html", site / "report.pdf")


@pytest.fixture(scope="module")
def headings(pdf: PdfReader) -> list[tuple[int, str, int]]:
    return outline(pdf)


def test_dom_has_the_ranking_and_every_unit_page_in_vietnamese(
    site: Path, district: tuple[Results, Report]
) -> None:
    results, _ = district
    dom = parse(chromium(site, "--dump-dom", (site / "report.html").as_uri()))
    assert dom.by_id("ranking").find("h2").text == "Bảng xếp hạng"
    rows = dom.by_id("ranking-table").find("tbody").find_all("tr")
    assert [tr.attrs["data-unit"] for tr in rows] == [u.unit.code for u in results.units]
    pages = dom.find_all("article", cls="unit-page")
    assert len(pages) == len(UNITS)
    for page, unit in zip(pages, results.units, strict=True):
        name = page.find("h2").text
        assert name == unit.unit.name and unicodedata.is_normalized("NFC", name)
        assert page.find("table", cls="detail").find_all("tr", data_code=unit.criteria[0].code)
    assert "Thị trấn Sịa" in {p.find("h2").text for p in pages}


def test_tables_fit_a_narrow_window_and_the_filter_works_offline(site: Path) -> None:
    page = site / "measure.html"
    html = (site / "report.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = parse(
        chromium(
            site,
            f"--window-size={WINDOW_PX},1400",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        )
    )
    found = json.loads(dom.by_id("measure").text)
    assert found["viewport"] <= WINDOW_PX
    assert found["page"] <= found["viewport"], "something is wider than the page"
    assert len(found["tables"]) > len(UNITS) * 3
    for table in found["tables"]:
        assert table["right"] <= found["viewport"] + 0.5, table
    assert found["cells"] == [], "cell content cut off"
    assert found["visible"] == ["QD-QAN"] and found["count"] == "1"


def test_pdf_is_a4_portrait_with_a_page_per_unit(
    pdf: PdfReader, headings: list[tuple[int, str, int]], district: tuple[Results, Report]
) -> None:
    results, _ = district
    assert 2 + len(UNITS) <= len(pdf.pages) <= 2 * len(UNITS) + SUMMARY_PAGES
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_PORTRAIT_PT[0]) < 2 and abs(height - A4_PORTRAIT_PT[1]) < 2
    assert headings[0] == (0, "Kết quả Chỉ số cải cách hành chính năm 2021", 0)
    pages = {title: page for _, title, page in headings}
    assert pages["Bảng xếp hạng"] == 1
    names = [u.unit.name for u in results.units]
    starts = [(i, page) for i, (_, title, page) in enumerate(headings) if title in names]
    assert [headings[i][1] for i, _ in starts] == names
    for i, page in starts:
        assert page > headings[i - 1][2], f"{headings[i][1]} does not start a new page"
        assert page_text(pdf, page).startswith(headings[i][1])
    ranking = page_text(pdf, 1)
    assert all(name in ranking for name in names)


def test_pdf_repeats_table_headers_on_continued_pages(
    pdf: PdfReader, headings: list[tuple[int, str, int]]
) -> None:
    detail = next(i for i, (_, title, _) in enumerate(headings) if title == "Chi tiết tiêu chí")
    first, after = headings[detail][2], headings[detail + 1][2]
    assert after > first, "the criteria table of the first unit runs onto its second page"
    continued = page_text(pdf, first + 1)
    assert continued.startswith("Mã Tiêu chí Tối đa"), continued[:80]


def test_screenshot_is_a_png_of_the_window_size(site: Path) -> None:
    shot = site / "shot.png"
    chromium(
        site, f"--screenshot={shot}", "--window-size=1280,2000", (site / "report.html").as_uri()
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)
