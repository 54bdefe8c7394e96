"""The HTML report of the synthetic Quảng Điền district: sections, numbers, escaping, printing."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from par_index.check.finding import KINDS, Report
from par_index.criteria.model import CriteriaSet
from par_index.i18n import CATALOGUE
from par_index.numbers import NumberKind, display
from par_index.ranking import band_of
from par_index.report import render_html, write_html_report
from par_index.report.labels import LABELS
from par_index.report.style import safe_color, tint
from par_index.results import Results
from report.dom import Element, parse
from report.report_district import (
    EVIL_EVIDENCE,
    EVIL_NOTE,
    EXCLUDED,
    NEW,
    PROVISIONAL,
    TIED,
    UNITS,
    build_district,
)

SECTIONS = ["cover", "ranking", "areas", "charts", "quality", "staff", "units", "method"]


@pytest.fixture(scope="module")
def html(district: tuple[Results, Report], report_set: CriteriaSet) -> str:
    results, report = district
    return render_html(
        results, report, report_set, generated_at="2022-01-21", producer="Phòng Nội vụ (thử)"
    )


@pytest.fixture(scope="module")
def dom(html: str) -> Element:
    return parse(html)


def ranking_rows(dom: Element) -> dict[str, list[str]]:
    table = dom.by_id("ranking-table")
    rows = [tr for tr in table.find("tbody").children if isinstance(tr, Element)]
    return {tr.attrs["data-unit"]: [td.text for td in tr.find_all("td")] for tr in rows}


def test_every_section_is_there_in_order(html: str, dom: Element) -> None:
    positions = [html.index(f'id="{name}"') for name in SECTIONS]
    assert positions == sorted(positions)
    assert dom.find("html").attrs["lang"] == "vi"
    assert dom.find("title").text.startswith("Kết quả Chỉ số cải cách hành chính năm 2021")


def test_cover_names_period_set_documents_date_producer_and_provisional(
    dom: Element, report_set: CriteriaSet, district: tuple[Results, Report]
) -> None:
    cover = dom.by_id("cover")
    text = cover.text
    assert "2021" in text and "21/01/2022" in text and "Phòng Nội vụ (thử)" in text
    assert report_set.title.vi in text
    for doc in report_set.documents:
        assert doc.number in text
    provisional = dom.by_id("provisional-note").text
    assert "Xã Quảng Thái" in provisional and "1" in provisional
    assert "Xã Quảng Vinh" in dom.by_id("excluded-note").text


def test_ranking_lists_every_unit_with_shared_ranks_and_changes(
    dom: Element, district: tuple[Results, Report]
) -> None:
    results, _ = district
    rows = ranking_rows(dom)
    assert len(rows) == len(UNITS)
    assert [code for code in rows] == [u.unit.code for u in results.units]
    by_code = {u.unit.code: u for u in results.units}
    assert rows[TIED[0]][0] == rows[TIED[1]][0]
    tied_rank = int(rows[TIED[0]][0])
    following = sorted(int(r[0]) for r in rows.values() if r[0].isdigit() and int(r[0]) > tied_rank)
    assert following[0] == tied_rank + 2, "the rank after a tie of two skips one (1, 2, 2, 4)"
    for code, cells in rows.items():
        unit = by_code[code]
        assert cells[2] == display(unit.index, NumberKind.PERCENT)
        assert cells[1].startswith(unit.unit.name)
    assert rows[EXCLUDED][0] == "—" and "Không xếp hạng" in rows[EXCLUDED][1]
    assert "tạm tính" in rows[PROVISIONAL][1]
    assert rows[NEW][5] == "mới" and rows[NEW][6] == "mới"
    moved = next(u for u in results.units if u.rank_change and u.rank_change > 0)
    assert rows[moved.unit.code][5] == f"▲ +{moved.rank_change}"


def test_no_new_marks_without_a_previous_period(district, report_set) -> None:
    """With no previous period at all, no unit is "new": the change cells and the unit pages'
    change line stay empty."""
    results, report = district
    cleared = {"previous_index": None, "previous_rank": None, "rank_change": None,
               "index_change": None}  # fmt: skip
    first_year = results.model_copy(
        update={"units": [u.model_copy(update=cleared) for u in results.units]}
    )
    dom = parse(render_html(first_year, report, report_set))
    rows = ranking_rows(dom)
    assert {cells[5] for cells in rows.values()} == {""}
    assert {cells[6] for cells in rows.values()} == {""}
    assert {span.text.strip() for span in dom.find_all("span", cls="chg")} == {""}
    for page in dom.find_all("article", cls="unit-page"):
        assert "Thay đổi hạng" not in page.text


def test_ranking_counts_findings_and_shows_gap(dom: Element, district) -> None:
    results, report = district
    rows = ranking_rows(dom)
    for unit in results.units:
        assert rows[unit.unit.code][-1] == str(len(report.for_unit(unit.unit.code)))
    assert rows["QD-QPC"][-1] == "3"


def test_class_badges_carry_the_band_colour(
    dom: Element, district, report_set: CriteriaSet
) -> None:
    results, _ = district
    colours = {b.id: b.color.upper() for b in report_set.classification.bands}
    table = dom.by_id("ranking-table")
    for tr in table.find("tbody").find_all("tr"):
        unit = next(u for u in results.units if u.unit.code == tr.attrs["data-unit"])
        badge = tr.find("span", cls="badge")
        assert f"background:{colours[unit.class_id]};" in badge.attrs["style"]


def test_area_matrix_is_coloured_by_class_bands(dom: Element, report_set) -> None:
    """One colour scale everywhere: an area's percentage takes the (tinted) colour of the class
    band it falls in, in the matrix and on the unit pages alike."""
    matrix = dom.by_id("area-matrix")
    assert len(matrix.rows()) == len(UNITS)
    bands = report_set.classification.bands
    heat = [*matrix.find_all("td", cls="heat"), *dom.find_all("td", cls="heat")]
    cells = [(Decimal(td.text.replace(",", ".")), td.attrs["style"]) for td in heat if td.text]
    assert len(cells) > len(UNITS)
    for percent, style in cells:
        assert style == f"background:{tint(band_of(bands, percent).color)}", percent


def test_index_chart_colours_each_unit_by_its_class(
    dom: Element, district, report_set: CriteriaSet
) -> None:
    """The chart's bars take the class badges' colours: one scale in the whole report."""
    results, _ = district
    colours = {b.id: safe_color(b.color) for b in report_set.classification.bands}
    svg = dom.by_id("chart-index").find("svg")
    labels = [t.text for t in svg.find_all("text", cls="label")]
    fills = [r.attrs["fill"] for r in svg.find_all("rect")]
    by_name = {u.unit.name: u for u in results.units}
    assert len(set(fills)) > 2
    assert fills == [colours[by_name[name].class_id] for name in labels]


def test_the_printout_groups_findings_and_notes_one_line_a_kind(dom: Element, district) -> None:
    """Screen: each finding with its message and fix. Print: one line per kind and severity
    with the criteria and cells, and each distinct note once with the criteria it is on."""
    results, report = district
    page = dom.find("article", data_unit="QD-QPC")
    assert "screen-only" in page.find("table", cls="findings").classes
    brief = page.find("table", cls="findings-brief")
    assert "print-only" in brief.classes
    found = report.for_unit("QD-QPC")
    places = ", ".join(f"{f.criterion} ({f.cell})" for f in found)
    assert brief.rows() == [["Cảnh báo", "evidence.missing evidence.missing", "3", places]]
    unit = next(u for u in results.units if u.unit.code == "QD-QTN")
    notes: dict[str, list[str]] = {}
    for c in unit.criteria:
        for label, text in (("Thẩm định vòng 1", c.note_1), ("Giải trình", c.explanation),
                            ("Thẩm định vòng 2", c.note_2)):  # fmt: skip
            if text:
                notes.setdefault(f"{label}: {text}", []).append(c.code)
    assert len(notes) == 4 and max(len(codes) for codes in notes.values()) > 10
    lines = dom.find("article", data_unit="QD-QTN").find("div", cls="notes-brief").find_all("li")
    assert [li.text for li in lines] == [
        f"{note} ({', '.join(codes)})" for note, codes in notes.items()
    ]


def test_three_inline_svg_charts(dom: Element) -> None:
    index_chart = dom.by_id("chart-index").find("svg")
    assert len(index_chart.find_all("rect")) == len(UNITS)
    pairs = dom.by_id("chart-self-vs-appraised").find("svg")
    assert len(pairs.find_all("rect")) == 2 * len(UNITS) + 2  # two bars per unit + legend
    classes = dom.by_id("chart-classes").find("svg")
    counts = [t.text for t in classes.find_all("text", cls="value")]
    assert sum(int(c) for c in counts) == len(UNITS)


def test_quality_section_by_code_by_unit_and_inflation(dom: Element, district) -> None:
    results, _ = district
    by_code = {r[1]: r for r in dom.by_id("findings-by-code").rows()}
    assert by_code["evidence.missing"][3] == "3"
    assert by_code["score.above-max"][2] == "Lỗi"
    for code, row in by_code.items():  # the Vietnamese name first, the code beside it
        assert row[0] == (KINDS[code].title.format("vi") if code in KINDS else row[0])
    by_unit = dom.by_id("findings-by-unit").rows()
    assert by_unit[0][0] in {"Xã Quảng Phú", "Xã Quảng Vinh"}  # errors first
    inflation = dom.by_id("inflation").rows()
    ranked = sorted((u for u in results.units if u.inflation_rank), key=lambda u: u.inflation_rank)
    assert [r[1] for r in inflation] == [u.unit.name for u in ranked]
    assert PROVISIONAL not in {r[1] for r in inflation}


def test_staff_section_per_head(dom: Element, district) -> None:
    results, _ = district
    rows = dom.by_id("staff-table").rows()
    assert len(rows) == len(UNITS)
    by_name = {r[0]: r for r in rows}
    excluded = next(u for u in results.units if u.unit.code == EXCLUDED)
    row = by_name[excluded.unit.name]
    assert row[3] == "Hoàn thành nhiệm vụ" and row[4] == "Không đề nghị"
    assert "Không xếp hạng" in row[5]
    assert excluded.unit.head_name in row[1]


def test_a_page_per_unit_with_profile_weakest_detail_and_findings(
    dom: Element, district, report_set: CriteriaSet
) -> None:
    results, report = district
    pages = dom.find_all("article", cls="unit-page")
    assert [p.attrs["data-unit"] for p in pages] == [u.unit.code for u in results.units]
    for page, unit in zip(pages, results.units, strict=True):
        assert page.find("h2").text == unit.unit.name
        assert unicodedata.is_normalized("NFC", page.find("h2").text)
        assert len(page.find("table", cls="areas").rows()) == len(report_set.areas)
        detail = page.find("table", cls="detail")
        codes = [tr.attrs["data-code"] for tr in detail.find_all("tr") if "data-code" in tr.attrs]
        assert codes == [c.code for c in unit.criteria]
        weakest = page.find_all("table", cls="weakest")
        if weakest:
            lost = [Decimal(r[2].replace(",", ".")) for r in weakest[0].rows()]
            assert lost == sorted(lost, reverse=True)
        found = report.for_unit(unit.unit.code)
        if found:
            assert len(page.find("table", cls="findings").rows()) == len(found)


def test_html_in_notes_evidence_and_names_shows_as_text(district, report_set: CriteriaSet) -> None:
    results, report = district
    evil = "<script>alert('name')</script> Xã <b>Thử</b>"
    unit = results.units[0]
    copy = results.model_copy(deep=True)
    copy.units[0].unit = unit.unit.model_copy(update={"name": evil, "head_name": "<i>x</i>"})
    page = render_html(copy, report, report_set)
    dom = parse(page)
    assert len(dom.find_all("script")) == 1, "only the report's own filter script"
    assert not dom.find_all("img") and not dom.find_all("i")
    assert evil in dom.by_id("ranking-table").text
    assert EVIL_NOTE in dom.text
    assert EVIL_EVIDENCE in dom.text
    assert "&lt;script&gt;alert(&#39;name&#39;)" in page


def test_no_external_url_font_or_script(html: str, dom: Element) -> None:
    for el in dom.iter():
        for name in ("src", "href", "xlink:href", "action"):
            value = el.attrs.get(name, "")
            assert not re.match(r"^\s*(https?:)?//", value), (el.tag, name, value)
        assert el.tag not in {"link", "iframe", "object", "embed", "img"}
    assert all("src" not in s.attrs for s in dom.find_all("script"))
    style = dom.find("style").text
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_print_css_for_a4_portrait(dom: Element) -> None:
    css = re.sub(r"\s+", " ", dom.find("style").children[0])
    assert "@page { size: A4 portrait;" in css
    assert "thead { display: table-header-group; }" in css
    assert re.search(r"tr \{ break-inside: avoid;", css)
    assert re.search(r"\.unit-page \{ break-before: page;", css)
    assert ".group-head + .unit-page { break-before: auto;" in css  # a group file's first unit
    assert "page-break" not in {c for el in dom.iter() for c in el.classes}  # sections flow
    assert "table-layout: fixed" in css


def test_method_notes_explain_ties_rounding_and_classes(
    dom: Element, report_set: CriteriaSet
) -> None:
    text = dom.by_id("method").text
    assert "(1, 2, 2, 4)" in text and "nửa lên" in text
    for band in report_set.classification.bands:
        assert band.label.vi in text


def test_english_labels_keep_vietnamese_names(district, report_set: CriteriaSet) -> None:
    results, report = district
    dom = parse(render_html(results, report, report_set, lang="en"))
    assert dom.find("html").attrs["lang"] == "en"
    assert dom.by_id("ranking").find("h2").text == "Ranking"
    assert "Xã Quảng An" in dom.by_id("ranking-table").text
    assert "(1, 2, 2, 4)" in dom.by_id("method").text


def test_every_label_is_in_the_message_catalogue() -> None:
    for key, message in LABELS.items():
        assert CATALOGUE[f"report.label.{key}"] is message
        assert message.vi and message.en


def test_index_is_shown_rounded_half_up(district, report_set: CriteriaSet) -> None:
    results, report = district
    copy = results.model_copy(deep=True)
    copy.units[0].index = Decimal("80.125")
    rows = ranking_rows(parse(render_html(copy, report, report_set)))
    assert rows[copy.units[0].unit.code][2] == "80,13"


def test_write_html_report_is_atomic_and_returns_the_file(
    tmp_path: Path, district, report_set: CriteriaSet
) -> None:
    results, report = district
    target = tmp_path / "out" / "report.html"
    files = write_html_report(target, results, report, report_set)
    assert files == [target]
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]
    assert parse(target.read_text(encoding="utf-8")).by_id("ranking-table")


def test_large_runs_split_unit_pages_by_group(tmp_path: Path, mini_set: CriteriaSet) -> None:
    results, report = build_district(mini_set, count=250)
    target = tmp_path / "report.html"
    (tmp_path / "report-units").mkdir()
    stale = tmp_path / "report-units" / "999-old.html"
    stale.write_text("old")
    files = write_html_report(target, results, report, mini_set, split_above=200)
    assert files[0] == target and len(files) == 1 + 34
    assert not stale.exists()
    main = parse(target.read_text(encoding="utf-8"))
    assert not main.find_all("article", cls="unit-page")
    assert len(ranking_rows(main)) == 250
    links = [a.attrs["href"] for a in main.by_id("group-links").find_all("a")]
    assert sorted(links) == sorted(f.relative_to(tmp_path).as_posix() for f in files[1:])
    pages = {}
    for f in files[1:]:
        for article in parse(f.read_text(encoding="utf-8")).find_all("article", cls="unit-page"):
            pages[article.attrs["id"]] = f.relative_to(tmp_path).as_posix()
    assert len(pages) == 250
    for tr in main.by_id("ranking-table").find("tbody").find_all("tr"):
        file, anchor = tr.find("a").attrs["href"].split("#")
        assert pages[anchor] == file


def test_scoped_ranking_adds_a_rank_in_group_column(district, report_set: CriteriaSet) -> None:
    results, report = district
    copy = results.model_copy(deep=True)
    copy.ranking_scope = "unit_type"
    for position, unit in enumerate(u for u in copy.units if u.rank is not None):
        unit.rank_in_group = position + 100
    table = parse(render_html(copy, report, report_set)).by_id("ranking-table")
    assert [th.text for th in table.find("thead").find_all("th")][:3] == [
        "Hạng",
        "Hạng theo loại đơn vị",
        "Đơn vị",
    ]
    assert [r[1] for r in table.rows()][:3] == ["100", "101", "102"]
    plain = parse(render_html(results, report, report_set)).by_id("ranking-table")
    assert "Hạng theo loại đơn vị" not in plain.find("thead").text


def test_each_ranking_row_has_its_search_words_once_in_a_fixed_order(dom: Element) -> None:
    table = dom.by_id("ranking-table")
    rows = {
        tr.attrs["data-unit"]: tr for tr in table.find("tbody").children if isinstance(tr, Element)
    }
    # name, code, group (none here), then the name without accents: the same text every run
    assert rows["QD-SIA"].attrs["data-search"] == "thị trấn sịa qd-sia thi tran sia"
    assert rows["QD-QAN"].attrs["data-search"] == "xã quảng an qd-qan xa quang an"
