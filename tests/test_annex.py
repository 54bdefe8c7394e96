"""``criteria import``: a province's annex table becomes a valid criteria YAML skeleton."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from typer.testing import CliRunner

from par_index.annex import import_annex, recognise
from par_index.cli.app import app
from par_index.criteria import check_criteria
from par_index.criteria.model import Criterion
from par_index.errors import ParIndexError
from par_index.rules import Answers, evaluate

HEADER = ["STT", "Tiêu chí (nội dung)", "Điểm tối đa", "Cách tính điểm / Phương pháp chấm",
          "Tài liệu kiểm chứng"]  # fmt: skip
ABOVE = [
    ["PHỤ LỤC"],
    ["BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"],
    ["(Kèm theo Quyết định số 2204/QĐ-UBND ngày 12/9/2022 của UBND tỉnh Thừa Thiên Huế)"],
    [],
]
# STT, title, max (as typed), method, evidence, bold
# fmt: off
ROWS: list[tuple] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "6", "", "", True),
    ("1", "Kế hoạch CCHC năm", "", "", "", False),
    ("1.1", "Ban hành kế hoạch CCHC năm", 1, "Có ban hành kế hoạch: 1 điểm; Không ban hành: 0 điểm",
     "Kế hoạch CCHC năm của UBND xã", False),
    ("1.2", "Mức độ thực hiện kế hoạch", "2 điểm",
     "Xuất sắc: 100% số điểm; Tốt: 75% số điểm; Hoàn thành: 50% số điểm", "Báo cáo CCHC năm",
     False),
    ("2", "Báo cáo định kỳ về CCHC", "1,5",
     "Đúng hạn, đầy đủ: 1,5 điểm; chậm: 0,5 điểm; không báo cáo: 0 điểm", "Các báo cáo quý", False),
    ("3.", "Kiểm tra CCHC", "1.5", "Tùy mức độ thực hiện, tối đa 1,5 điểm", "", False),
    ("", "THỦ TỤC HÀNH CHÍNH", "", "", "", True),
    ("1", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", "2",
     "- 100%: 2 điểm\n- Từ 95% đến dưới 100%: 1,5 điểm\n- Từ 90% đến dưới 95%: 1 điểm\n"
     "- Dưới 90%: 0 điểm", "Sổ theo dõi hồ sơ", False),
    ("2", "Văn bản trả lời chậm", 1.0, "Mỗi văn bản trả lời chậm trừ 0,25 điểm", "", False),
    ("3", "Mức độ hài lòng của người dân", "2", "Theo kết quả điều tra xã hội học", "", False),
    ("4", "Công khai TTHC", "", "", "", False),
    ("a)", "Công khai đầy đủ tại bộ phận một cửa", 0.5, "", "Ảnh chụp", False),
    ("-", "Đầy đủ", 0.5, "", "", False),
    ("-", "Không đầy đủ", 0, "", "", False),
    ("b)", "Công khai trên cổng thông tin", "0,5đ", "", "", False),
    ("II", "ĐIỂM THƯỞNG", "1", "", "", True),
    ("1", "Sáng kiến CCHC được công nhận", "1", "Mỗi sáng kiến được cộng 0,5 điểm", "", False),
    ("III", "ĐIỂM TRỪ", "2", "", "", True),
    ("1", "Vi phạm kỷ luật", "2", "Mỗi cán bộ bị kỷ luật trừ 1 điểm", "", False),
    ("", "Tổng cộng", "12", "", "", True),
]
# fmt: on
EXPECTED_RULES = {
    "1.1.1": "yes_no",
    "1.1.2": "levels",
    "1.2": "levels",
    "1.3": "appraiser",  # not recognised: TODO
    "2.1": "thresholds",
    "2.2": "deduction",
    "2.3": "survey",
    "2.4.1": "yes_no",  # from the "-" rows below it
    "2.4.2": "appraiser",  # no method at all: TODO
}


def nfd(value: object) -> object:
    return unicodedata.normalize("NFD", value) if isinstance(value, str) else value


def write_annex(path: Path, rows: list[tuple], above: list[list] = ABOVE) -> Path:
    """An annex workbook as provinces send it: title rows, header, NFD text, bold areas."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục I"
    for line in above:
        sheet.append([nfd(v) for v in line])
    sheet.append([nfd(v) for v in HEADER])
    for *values, bold in rows:
        sheet.append([nfd(v) for v in values])
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    book.save(path)
    return path


@pytest.fixture
def imported(tmp_path: Path):
    result = import_annex(write_annex(tmp_path / "phu-luc-xa.xlsx", ROWS))
    out = tmp_path / "phu-luc-xa.yaml"
    out.write_text(result.yaml, encoding="utf-8")
    cs, problems = check_criteria(out)
    assert problems == [], [p.render() for p in problems]
    return result, cs


def blocks(yaml_text: str) -> dict[str, str]:
    """YAML text of each criterion, from its ``code:`` line to the next one."""
    found = list(re.finditer(r"code: '?([0-9A-Z.]+)'?", yaml_text))
    ends = [m.start() for m in found[1:]] + [len(yaml_text)]
    return {m.group(1): yaml_text[m.start() : end] for m, end in zip(found, ends, strict=True)}


def test_annex_imports_into_a_set_that_check_accepts(imported) -> None:
    result, cs = imported
    assert cs.id == "phu-luc-xa"
    assert [(a.code, a.title.vi) for a in cs.areas] == [
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
        ("2", "THỦ TỤC HÀNH CHÍNH"),
    ]
    assert all(unicodedata.is_normalized("NFC", n.title.vi) for n in cs.walk())
    assert {leaf.code: leaf.rule.kind for leaf in cs.leaves()} == EXPECTED_RULES
    assert [a.max for a in cs.areas] == [Decimal(6), Decimal(6)]
    assert cs.node("1.2").max == Decimal("1.5") and cs.node("1.3").max == Decimal("1.5")
    assert cs.scale == 12 and cs.survey_share == 2
    assert (result.areas, result.criteria) == (2, 9)


def test_the_decision_above_the_table_becomes_the_document(imported) -> None:
    _result, cs = imported
    document = cs.documents[0]
    assert (document.number, str(document.date)) == ("2204/QĐ-UBND", "2022-09-12")
    assert document.issuer == "UBND tỉnh Thừa Thiên Huế"
    assert cs.title.vi == "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"
    assert [t.id for t in cs.unit_types] == ["xa"]


def test_recognised_rules_score_as_the_annex_says(imported) -> None:
    _result, cs = imported

    def points(code: str, **answers) -> Decimal:
        criterion = cs.node(code)
        assert isinstance(criterion, Criterion)
        return evaluate(cs, criterion, Answers(**answers), "xa").points

    on_time = {"figures": {"tu_so": Decimal(19), "mau_so": Decimal(20)}}
    assert points("2.1", **on_time) == Decimal("1.5")  # exactly 95 %
    assert points("2.1", figures={"tu_so": Decimal(189), "mau_so": Decimal(200)}) == 1  # 94.5 %
    assert points("2.1", figures={"tu_so": Decimal(20), "mau_so": Decimal(20)}) == 2
    assert points("2.2", figures={"so_lan": Decimal(2)}) == Decimal("0.5")
    assert points("1.1.1", answer="Có") == 1 and points("1.1.1", answer="Không") == 0
    assert points("1.1.2", answer="Tốt") == Decimal("1.5")
    assert points("1.2", answer="Chậm") == Decimal("0.5")


def test_every_unrecognised_rule_has_a_todo_and_recognised_ones_do_not(imported) -> None:
    result, _cs = imported
    text = blocks(result.yaml)
    for code in ("1.3", "2.4.2"):
        assert "# TODO:" in text[code] and "kind: appraiser" in text[code]
    for code in ("1.1.1", "1.2", "2.4.1"):
        assert "TODO" not in text[code], code
    assert "# TODO:" in text["2.1"]  # the ratio's figure names
    assert any(t.startswith("[1.3]") for t in result.todos)
    assert result.recognised["todo"] == 2


def test_annex_numbers_stay_as_comments(imported) -> None:
    result, _cs = imported
    assert "code: 2.4.1  # phụ lục: STT a), dòng" in result.yaml


def test_bonus_and_penalty_rows_become_capped_sections(imported) -> None:
    _result, cs = imported
    assert cs.bonus is not None and cs.penalty is not None
    assert (cs.bonus.max, cs.penalty.max) == (Decimal(1), Decimal(2))
    bonus, penalty = cs.bonus.items[0], cs.penalty.items[0]
    assert (bonus.code, bonus.rule.kind, bonus.rule.each) == ("B1", "per_event", Decimal("0.5"))
    assert (penalty.code, penalty.rule.kind, penalty.rule.each) == ("T1", "per_event", 1)


def test_a_parent_whose_children_disagree_takes_their_sum_with_a_todo(tmp_path: Path) -> None:
    rows = [
        ("I", "Chỉ đạo", "3", "", "", True),
        ("1", "Kế hoạch", "1", "Có: 1 điểm; Không: 0 điểm", "", False),
        ("2", "Báo cáo", "1", "Có: 1 điểm; Không: 0 điểm", "", False),
    ]
    result = import_annex(write_annex(tmp_path / "a.xlsx", rows))
    assert result.problems == []
    area = blocks(result.yaml)["1"]
    assert "max: 2" in area and "Phụ lục ghi 3 điểm" in area


def test_plain_numbered_bold_areas_with_dotted_criteria(tmp_path: Path) -> None:
    rows = [
        ("1", "Chỉ đạo điều hành", "", "", "", True),
        ("1.1", "Kế hoạch", "1", "Có: 1 điểm; Không: 0 điểm", "", False),
        ("1.2", "Báo cáo", "", "", "", False),
        ("a", "Quý", "0,5", "Đúng hạn: 0,5 điểm; chậm: 0,25 điểm", "", False),
        ("b", "Năm", "0,5", "Trên 95%: 0,5 điểm; từ 80% đến 95%: 0,25 điểm", "", False),
        ("2", "Cải cách thể chế", "", "", "", True),
        ("2.1", "Rà soát văn bản", "1", "Mỗi văn bản chưa rà soát trừ 0,5 điểm", "", False),
    ]
    result = import_annex(write_annex(tmp_path / "b.xlsx", rows, above=[]))
    assert result.problems == []
    kinds = {c: b for c, b in blocks(result.yaml).items()}
    assert list(kinds) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1"]
    assert "kind: levels" in kinds["1.2.1"] and "Không thực hiện" in kinds["1.2.1"]
    assert "kind: thresholds" in kinds["1.2.2"]
    assert "- {min: 95, min_inclusive: false, points: 0.5}" in kinds["1.2.2"]
    assert "TODO: Ghi tên bộ tiêu chí" in result.yaml  # no title rows above the table


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("Có ban hành: 1 điểm; không ban hành: 0 điểm", "yes_no"),
        ("Ban hành kế hoạch: 1 điểm", "yes_no"),
        ("Tùy mức độ, tối đa 1 điểm", "todo"),
        ("Đúng hạn: 1 điểm; chậm: 0,5 điểm; không thực hiện: 0 điểm", "levels"),
        ("Từ 95% trở lên: 1 điểm; dưới 95%: 0 điểm", "thresholds"),
        ("Trừ 0,25 điểm cho mỗi lần báo cáo chậm", "deduction"),
        ("Điểm = tỷ lệ % x điểm tối đa", "proportional"),
        ("Do Hội đồng thẩm định đánh giá", "appraiser"),
        ("Có: 3 điểm; không: 0 điểm", "todo"),  # above the maximum of 1
        ("", "todo"),
        ("Ban hành kịp thời: 1; Ban hành chậm: 0,5", "levels"),  # no "điểm"
        ("Đạt: 1; Không đạt: 0", "levels"),  # the labels kept, not Có / Không
        ("Mỗi lần báo cáo chậm trừ 25% số điểm", "share_deduction"),
        ("Trừ 50% số điểm cho mỗi báo cáo chậm", "share_deduction"),
        ("Từ 80% trở lên: 1 điểm; dưới 80%: tỷ lệ ÷ 80% × 1 điểm", "proportional"),
        ("Điểm = số của đơn vị / số của đơn vị cao nhất x 1 điểm", "best_in_group"),
    ],
)
def test_method_wording_is_recognised(method: str, kind: str) -> None:
    assert recognise(method, Decimal(1), "Tỷ lệ văn bản").kind == kind


def test_a_sheet_without_the_header_row_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Mã", "Tên", "Ghi chú"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(ParIndexError) as caught:
        import_annex(tmp_path / "x.xlsx")
    assert caught.value.code == "annex.no-header"


def test_a_csv_renamed_to_xlsx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "phu-luc.xlsx"
    fake.write_text("STT,Tiêu chí,Điểm tối đa\n1,a,1\n", encoding="utf-8")
    with pytest.raises(ParIndexError) as caught:
        import_annex(fake)
    assert caught.value.code == "annex.unreadable"


def test_cli_import_writes_refuses_to_overwrite_and_prints_to_stdout(tmp_path: Path) -> None:
    annex = write_annex(tmp_path / "phu-luc.xlsx", ROWS)
    out = tmp_path / "bo.yaml"
    runner = CliRunner()
    first = runner.invoke(app, ["criteria", "import", str(annex), "-o", str(out), "--id", "hue"])
    assert first.exit_code == 0, first.output
    assert "TODO" in first.output
    assert check_criteria(out)[0].id == "hue"
    assert runner.invoke(app, ["criteria", "import", str(annex), "-o", str(out)]).exit_code == 1
    printed = runner.invoke(app, ["criteria", "import", str(annex)])
    assert printed.exit_code == 0
    assert "areas:" in printed.stdout


def annex_rows_of(cs, unit_type: str) -> list[tuple]:
    """The annex table a province would publish for ``cs`` and one unit type: Roman areas,
    numbered criteria, each with its maximum for that type."""
    rows: list[tuple] = []

    def add(node, stt: str, bold: bool = False) -> None:
        method = node.method.vi if getattr(node, "method", None) else ""
        evidence = node.evidence.document.vi if getattr(node, "evidence", None) else ""
        most = str(cs.max_for(node, unit_type)).replace(".", ",")
        rows.append((stt, node.title.vi, most, method, evidence, bold))

    def applies(nodes):
        return [n for n in nodes if cs.max_for(n, unit_type) is not None]

    for i, area in enumerate(applies(cs.areas), start=1):
        add(area, ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][i - 1], True)
        for j, criterion in enumerate(applies(area.criteria), start=1):
            add(criterion, str(j))
            for k, sub in enumerate(applies(criterion.criteria), start=1):
                add(sub, f"{j}.{k}")
    return rows


def test_the_shipped_set_published_as_an_annex_imports_back(tmp_path: Path, xa_set) -> None:
    path = write_annex(tmp_path / "xa.xlsx", annex_rows_of(xa_set, "xa"), above=[])
    result = import_annex(path)
    out = tmp_path / "xa.yaml"
    out.write_text(result.yaml, encoding="utf-8")
    cs, problems = check_criteria(out)
    assert problems == [], [p.render() for p in problems]
    expected = [(n.title.vi, xa_set.max_for(n, "xa")) for n in xa_set.walk()]
    assert [(n.title.vi, n.max) for n in cs.walk()] == [e for e in expected if e[1] is not None]
    recognised = sum(n for kind, n in result.recognised.items() if kind != "todo")
    assert recognised >= 0.8 * len(cs.leaves()), result.recognised
