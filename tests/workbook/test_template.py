"""Templates: the grid officers know, protected, validated, printable, with hidden metadata."""

from __future__ import annotations

import shutil
import unicodedata
from decimal import Decimal

import openpyxl
import pytest
from conftest import DATA
from helpers.workbooks import locate, make_unit
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.criteria import load_criteria
from par_index.criteria.model import FigureType, ScoredBy
from par_index.filenames import short_hash
from par_index.resources import shipped_criteria
from par_index.workbook.layout import (
    COLUMNS,
    FIRST_GRID_ROW,
    GRID_HEADER_ROW,
    HEADER_KEYS,
    NOT_SELF_SCORED,
    SHEET_GRID,
    SHEET_GUIDE,
    SHEET_META,
    Col,
    RowKind,
    choice_labels,
    grid_rows,
    has_answer_cell,
)
from par_index.workbook.template import (
    TemplateContext,
    template_filename,
    write_template,
    write_templates,
)

CTX = TemplateContext(period="2024", contact="Chị Hoa, Phòng Nội vụ, 0234 3551 000")


def _write(tmp_path, cs, unit_type: str):
    unit = make_unit(unit_type=unit_type)
    path = write_template(tmp_path / f"{unit_type}.xlsx", cs, unit, CTX)
    return openpyxl.load_workbook(path), unit


def _validations(sheet) -> dict[str, object]:
    """Cell address -> data validation (each cell of each range)."""
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in cell_range.cells:
                found[openpyxl.utils.get_column_letter(row[1]) + str(row[0])] = dv
    return found


SHIPPED = {name: load_criteria(name) for name in shipped_criteria()}
SETS = [("mini", "xa"), ("mini", "phuong")]
SETS += [(name, unit_type) for name, cs in SHIPPED.items() for unit_type in cs.type_ids()]
"""The test set and every shipped set, for each of its unit types."""


@pytest.fixture(scope="module")
def sets(mini_set):
    return {"mini": mini_set, **SHIPPED}


@pytest.mark.parametrize(("name", "unit_type"), SETS)
def test_structure_for_every_unit_type(tmp_path, sets, name, unit_type):
    cs = sets[name]
    book, unit = _write(tmp_path, cs, unit_type)
    assert book.sheetnames == [SHEET_GUIDE, SHEET_GRID, SHEET_META]
    grid, meta = book[SHEET_GRID], book[SHEET_META]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    assert grid.protection.sheet and book[SHEET_GUIDE].protection.sheet
    assert grid.protection.password is None
    assert grid.freeze_panes == f"D{FIRST_GRID_ROW + 1}"
    assert grid.page_setup.orientation == "landscape" and grid.page_setup.paperSize == 9
    assert grid.sheet_properties.pageSetUpPr.fitToPage
    assert (grid.page_setup.fitToWidth, grid.page_setup.fitToHeight) == (None, 0)  # 1 wide
    assert grid.print_title_rows == f"${GRID_HEADER_ROW + 1}:${GRID_HEADER_ROW + 2}"
    assert grid.column_dimensions["A"].hidden
    headers = [c.value for c in grid[GRID_HEADER_ROW + 1]]
    assert headers == [c.header for c in COLUMNS]
    cols, keys = locate(grid)
    plan = grid_rows(cs, unit_type)
    assert [k for k in keys if not k.startswith("hdr:")] == [spec.key for spec in plan]
    assert set(HEADER_KEYS.values()) <= set(keys)
    meta_values = {row[0].value: row[1].value for row in meta.iter_rows(max_col=2)}
    assert meta_values["criteria_hash"] == cs.content_hash
    assert meta_values["unit_code"] == unit.code and meta_values["unit_type"] == unit_type
    assert meta_values["period"] == "2024" and meta_values["template_format"] == "1"
    _assert_rows(grid, cs, plan, cols, keys)


def _assert_rows(grid, cs, plan, cols, keys) -> None:
    score, answer = cols[Col.SELF_SCORE], cols[Col.FIGURES]
    validations = _validations(grid)
    for spec in plan:
        row = keys[spec.key]
        score_cell = grid.cell(row, score)
        if spec.kind in (RowKind.AREA, RowKind.SECTION, RowKind.TOTAL) or (
            spec.kind == RowKind.CRITERION and not spec.is_leaf
        ):
            assert str(score_cell.value).startswith("=") or score_cell.value == 0, spec.key
            assert score_cell.protection.locked
            assert Decimal(str(grid.cell(row, cols[Col.MAX]).value)) == spec.max
        elif spec.kind == RowKind.CRITERION and spec.self_scored:
            assert not score_cell.protection.locked, spec.key
            assert score_cell.coordinate in validations, spec.key
            for col in (Col.EVIDENCE, Col.EXPLANATION):
                assert not grid.cell(row, cols[col]).protection.locked
            answer_cell = grid.cell(row, answer)
            assert answer_cell.protection.locked != has_answer_cell(spec.node)
        elif spec.kind == RowKind.CRITERION:
            assert score_cell.value == NOT_SELF_SCORED and score_cell.protection.locked
            assert score_cell.fill.fgColor.rgb.endswith("E7E6E6")
            assert score_cell.coordinate not in validations
        elif spec.node.scorer == ScoredBy.UNIT and spec.figure.source is not None:
            value_cell = grid.cell(row, answer)  # par-index counts it (days late): locked
            assert value_cell.protection.locked and value_cell.coordinate not in validations
            assert "phần mềm tự tính" in grid.cell(row, cols[Col.CRITERION]).value
        elif spec.node.scorer == ScoredBy.UNIT:
            value_cell = grid.cell(row, answer)
            assert not value_cell.protection.locked, spec.key
            if spec.figure.type != FigureType.NUMBER:
                assert value_cell.coordinate in validations, spec.key


def test_area_formulas_add_up_their_leaves(tmp_path, mini_set):
    book, _ = _write(tmp_path, mini_set, "xa")
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    col = openpyxl.utils.get_column_letter(cols[Col.SELF_SCORE])
    first, last = keys["crit:1.1"], keys["fig:1.3:on_time"]
    assert grid.cell(keys["area:1"], cols[Col.SELF_SCORE]).value == (
        f"=SUBTOTAL(9,{col}{first}:{col}{last})"
    )
    total = grid.cell(keys["total"], cols[Col.SELF_SCORE]).value
    bonus = grid.cell(keys["bonus"], cols[Col.SELF_SCORE]).value
    assert total == f"=SUBTOTAL(9,{col}{keys['area:1']}:{col}{keys['crit:2.5'] + 1})" + (
        f"+{col}{keys['bonus']}"
    )
    assert bonus == f"=MIN(SUBTOTAL(9,{col}{keys['crit:B1']}:{col}{keys['fig:B1:initiatives']}),2)"


def test_validations_follow_the_rules(tmp_path, mini_set):
    book, _ = _write(tmp_path, mini_set, "xa")
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    dvs = _validations(grid)

    def at(key: str, col: Col):
        return dvs[grid.cell(keys[key], cols[col]).coordinate]

    assert at("crit:1.1", Col.FIGURES).formula1 == '"Có,Không"'
    assert at("crit:1.2", Col.FIGURES).formula1 == '"Đúng hạn,Trễ hạn,Không báo cáo"'
    assert at("crit:2.2", Col.FIGURES).formula1 == '"Không áp dụng"'
    levels = at("crit:1.2", Col.SELF_SCORE)
    assert levels.type == "list" and levels.showErrorMessage
    assert _listed(book, levels.formula1) == [1, 0.5, 0]  # numbers, highest first
    assert _listed(book, at("crit:1.1", Col.SELF_SCORE).formula1) == [1, 0]
    assert _listed(book, at("crit:2.2", Col.SELF_SCORE).formula1) == [1, 0.75, 0.5, 0.25, 0]
    assert _listed(book, at("crit:B1", Col.SELF_SCORE).formula1) == [2, 1.5, 1, 0.5, 0]
    assert at("crit:2.1", Col.SELF_SCORE).type == "decimal"
    assert (at("crit:2.1", Col.SELF_SCORE).formula1, at("crit:2.1", Col.SELF_SCORE).formula2) == (
        "0",
        "1",
    )
    count = at("fig:1.3:received", Col.FIGURES)
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    percent = at("fig:2.1:digitised", Col.FIGURES)
    # a percent cell: 80 % is stored (and validated) as 0.8, whether 80 or 80% was typed
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "1")
    assert grid.cell(keys["fig:2.1:digitised"], cols[Col.FIGURES]).number_format == "0.00%"
    assert at("fig:2.5:disciplined", Col.FIGURES).formula1 == '"Có,Không"'
    date_cell = grid.cell(keys[HEADER_KEYS["date"]], cols[Col.FIGURES])
    assert dvs[date_cell.coordinate].type == "date"
    assert date_cell.number_format == "dd/mm/yyyy"


def _listed(book, source: str) -> list:
    """The numbers a list validation offers, read from its range on the _meta sheet."""
    sheet, cells = source.split("!")
    assert sheet == "'_meta'"
    return [row[0].value for row in book[SHEET_META][cells.replace("$", "")]]


def test_a_rule_with_too_many_steps_gets_a_decimal_range(tmp_path, mini_set):
    data = mini_set.model_dump()
    data["bonus"]["items"][0]["rule"]["each"] = Decimal("0.001")  # 2,001 possible totals
    book, _ = _write(tmp_path, type(mini_set).model_validate(data), "xa")
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    dv = _validations(grid)[grid.cell(keys["crit:B1"], cols[Col.SELF_SCORE]).coordinate]
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "2")


def test_choice_labels_of_a_not_applicable_only_row(mini_set):
    assert choice_labels(mini_set.node("2.2")) == ["Không áp dụng"]


def test_long_choice_lists_go_to_the_meta_sheet(tmp_path, mini_set):
    data = mini_set.model_dump()
    levels = data["areas"][0]["criteria"][1]["rule"]["levels"]
    levels[0]["label"] = {"vi": "Đúng hạn, đầy đủ nội dung", "en": None}
    cs = type(mini_set).model_validate(data)
    book, _ = _write(tmp_path, cs, "xa")
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    dv = _validations(grid)[grid.cell(keys["crit:1.2"], cols[Col.FIGURES]).coordinate]
    assert _listed(book, dv.formula1) == ["Đúng hạn, đầy đủ nội dung", "Trễ hạn", "Không báo cáo"]


def test_header_block_and_guide(tmp_path, mini_set):
    ctx = TemplateContext(
        period="2024",
        deadline=__import__("datetime").date(2024, 12, 15),
        contact="Chị Hoa, 0234 3551 000",
        producer="Phòng Nội vụ huyện Quảng Điền",
    )
    unit = make_unit(name="Xã Quảng An & <Thử>", head_name="Lê Văn Tám")
    path = write_template(tmp_path / "t.xlsx", mini_set, unit, ctx)
    book = openpyxl.load_workbook(path)
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    assert grid.cell(keys["hdr:unit"], cols[Col.FIGURES]).value == "Xã Quảng An & <Thử>"
    assert grid.cell(keys["hdr:head"], cols[Col.FIGURES]).value == "Lê Văn Tám - Chủ tịch UBND xã"
    for field in ("preparer", "phone", "date"):
        assert not grid.cell(keys[HEADER_KEYS[field]], cols[Col.FIGURES]).protection.locked
    guide = "\n".join(str(c.value) for c in book[SHEET_GUIDE]["A"] if c.value)
    assert "15/12/2024" in guide and "Chị Hoa, 0234 3551 000" in guide
    assert "Phòng Nội vụ huyện Quảng Điền" in guide and "Xã Quảng An & <Thử>" in guide
    assert book.properties.title.endswith("Xã Quảng An & <Thử>")


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("QD-QAN", "Xã Quảng An", "QD-QAN_Xã Quảng An_2021.xlsx"),
        # a code that loses a character carries its hash: A-B's template cannot be A/B's
        ("A/B", 'Xã "Tân: Lập"?', f"A-B-{short_hash('A/B')}_Xã -Tân- Lập-_2021.xlsx"),
        ("X1", "Phường Đông Ba.", "X1_Phường Đông Ba_2021.xlsx"),
        ("CON", "Xã\tMới", "_CON_Xã Mới_2021.xlsx"),
    ],
)
def test_template_filename(code, name, expected):
    assert template_filename(make_unit(code=code, name=name), "2021") == expected


def test_template_filename_nfc_and_length():
    unit = make_unit(name=unicodedata.normalize("NFD", "Xã Quảng Điền " * 20))
    name = template_filename(unit, "2021")
    assert unicodedata.is_normalized("NFC", name) and name.endswith("_2021.xlsx")
    assert len(name) <= 100 and len(name.encode()) <= 180 and "Xã Quảng Điền" in name
    assert not any(ch in name for ch in '<>:"/\\|?*') and not name[:-5].endswith((" ", "."))


def test_write_templates_names_and_pool(tmp_path, mini_set, start_method):
    units = [make_unit(code=f"U{i}", name=f"Xã {i}") for i in range(3)]
    units.append(make_unit(code="U/1", name="Xã 1", unit_type="phuong"))
    units.append(make_unit(code="U:1", name="Xã 1"))
    paths = write_templates(tmp_path, mini_set, units, CTX, workers=2)
    assert [p.name for p in paths] == [
        "U0_Xã 0_2024.xlsx",
        "U1_Xã 1_2024.xlsx",
        "U2_Xã 2_2024.xlsx",
        f"U-1-{short_hash('U/1')}_Xã 1_2024.xlsx",  # each names its own unit
        f"U-1-{short_hash('U:1')}_Xã 1_2024.xlsx",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    metas = [openpyxl.load_workbook(p)[SHEET_META]["B5"].value for p in paths]
    assert metas == ["Xã 0", "Xã 1", "Xã 2", "Xã 1", "Xã 1"]
    generated = {openpyxl.load_workbook(p)[SHEET_META]["B8"].value for p in paths}
    assert len(generated) == 1


# -- par-index templates ----------------------------------------------------------------------
def _workspace(tmp_path):
    shutil.copy(DATA / "mini.yaml", tmp_path / "mini.yaml")
    (tmp_path / "par-index.yaml").write_text(
        "period: '2024'\ncriteria: mini.yaml\nunits: units.csv\n"
        "contact: Chị Hoa, 0234 3551 000\ndeadlines: {self_assessment: 2024-12-15}\n",
        encoding="utf-8",
    )
    (tmp_path / "units.csv").write_text(
        "code,name,unit_type\nQD-SIA,Thị trấn Sịa,xa\nQD-QAN,Xã Quảng An,xa\n"
        "P1,Phường Một,phuong\n",
        encoding="utf-8",
    )
    return tmp_path


def test_templates_cli_writes_one_workbook_per_unit(tmp_path):
    ws = _workspace(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["templates", str(ws)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (ws / "templates").iterdir())
    assert names == [
        "P1_Phường Một_2024.xlsx",
        "QD-QAN_Xã Quảng An_2024.xlsx",
        "QD-SIA_Thị trấn Sịa_2024.xlsx",
    ]
    guide = openpyxl.load_workbook(ws / "templates" / names[1])[SHEET_GUIDE]
    assert any("15/12/2024" in str(c.value) for c in guide["A"])

    result = runner.invoke(app, ["templates", str(ws), "--unit", "P1", "--out", str(ws / "lai")])
    assert result.exit_code == 0 and [p.name for p in (ws / "lai").iterdir()] == [names[0]]
    meta = openpyxl.load_workbook(ws / "lai" / names[0])[SHEET_META]
    assert meta["B6"].value == "phuong"

    result = runner.invoke(app, ["templates", str(ws), "--unit", "KHONG"])
    assert result.exit_code != 0 and not (ws / "lai" / "KHONG").exists()
