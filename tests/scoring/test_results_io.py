"""results.json round trip, year over year, results.xlsx, and the documented JSON Schema."""

from __future__ import annotations

import json
import lzma
import re
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import openpyxl
import pytest

from par_index import ranking, results_io
from par_index.errors import InputFileError
from par_index.inputs import Inputs
from par_index.numbers import JSON_PLACES, number_fields, quantize
from par_index.ranking import RankingConfig
from par_index.results import (
    AreaResult,
    CriterionResult,
    InputProblem,
    Results,
    ScoreChange,
    StaffOutcome,
    UnitResult,
)
from par_index.results_io import (
    ResultsError,
    load_results,
    results_json,
    results_schema,
    write_results_json,
    write_results_xlsx,
)
from par_index.scale import CRITERIA_ROWS_UP_TO
from par_index.staff import StaffConfig
from par_index.units import Unit
from par_index.yamlsrc import parse_yaml
from tests.scoring.district import (
    SURVEY,
    UNITS,
    district_appraisals,
    district_report,
    district_submissions,
    score_district,
    submission,
)

D = Decimal
DOCS = Path(__file__).parents[2] / "docs"
DATA = Path(__file__).parents[1] / "data"


def year(cs, period: str, previous=None, **changes):
    inputs = Inputs(
        cs=cs,
        units=UNITS,
        period=period,
        appraisals=district_appraisals(),
        survey=SURVEY,
        previous=previous,
        ranking=RankingConfig(exclude={"QD-LOI": "Mới thành lập"}),
    )
    submissions = changes.pop("submissions", district_submissions())
    for key, value in changes.items():
        setattr(inputs, key, value)
    return score_district(inputs, submissions, district_report())


@pytest.fixture(scope="module")
def results_2021(district_set):
    return year(district_set, "2021")


def test_json_round_trip_keeps_each_kinds_places(tmp_path, results_2021):
    path = write_results_json(tmp_path / "outputs" / "results.json", results_2021)
    data = json.loads(path.read_text(encoding="utf-8"))
    binh = next(u for u in data["units"] if u["unit"]["code"] == "QD-BINH")
    assert binh["index"] == "80.004500" and binh["final_total"] == "16.0009"
    assert data["schema_version"] == 2
    loaded = load_results(path)
    assert path.read_text(encoding="utf-8") == results_json(results_2021) == results_json(loaded)
    for before, after in zip(results_2021.units, loaded.units, strict=True):
        assert after.index == before.index.quantize(D("0.000001"), rounding=ROUND_DOWN)
        assert after.final_total == before.final_total  # points with <= 4 decimals stay exact
        if before.inflation is not None:
            assert after.inflation == before.inflation.quantize(D("0.0001"), rounding=ROUND_DOWN)


def test_this_years_schema_1_file_is_read_next_year(tmp_path):
    """tests/data/example-v1/results.json: the example's results.json as written before the
    number contract (exact 40-digit quotients, schema_version 1)."""
    old = tmp_path / "results.json"
    old.write_bytes(lzma.decompress((DATA / "example-v1" / "results.json.xz").read_bytes()))
    raw = json.loads(old.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1
    results = load_results(old)
    assert results.schema_version == 2 and len(results.units) == len(raw["units"]) == 11
    sia = next(u for u in results.units if u.unit.code == "QD-SIA")
    old_sia = next(u for u in raw["units"] if u["unit"]["code"] == "QD-SIA")
    assert sia.index == D(old_sia["index"]) and sia.inflation == D(old_sia["inflation"])
    assert sia.areas[5].percent == D("66.66666666666666666666666666666666666667")
    written = json.loads(results_json(results))
    assert written["units"][0]["areas"][5]["percent"] == "66.666666"
    current = results.model_copy(update={"units": [u.model_copy() for u in results.units]})
    compared = ranking.compare(current, results)
    assert all(u.index_change == 0 for u in compared.units)


def test_next_year_reads_last_years_file(tmp_path, district_set, results_2021):
    path = write_results_json(tmp_path / "previous" / "results.json", results_2021)
    subs = district_submissions()
    subs["QD-HA"] = submission("QD-HA")  # sent its workbook this time (not appraised)
    results_2022 = year(district_set, "2022", previous=load_results(path), submissions=subs)
    ha = next(u for u in results_2022.units if u.unit.code == "QD-HA")
    # 2022: QD-HA self-scores everything except the appraiser-only 3.2: 16 + 1.2 survey = 17.2
    assert quantize(ha.index, 2) == D("86.00")
    assert (ha.previous_index, ha.previous_rank) == (D(6), 7)
    assert (ha.index_change, ha.rank, ha.rank_change) == (D("80.00"), 3, 4)
    an = next(u for u in results_2022.units if u.unit.code == "QD-AN")
    assert (an.index_change, an.rank_change) == (D(0), 0)
    duong = next(u for u in results_2022.units if u.unit.code == "QD-DUONG")
    assert (duong.previous_rank, duong.rank, duong.rank_change) == (2, 2, 0)
    sia = next(u for u in results_2022.units if u.unit.code == "QD-SIA")
    assert (sia.previous_rank, sia.rank, sia.rank_change) == (3, 4, -1)
    loi = next(u for u in results_2022.units if u.unit.code == "QD-LOI")
    assert (loi.previous_rank, loi.rank_change, loi.index_change) == (None, None, D(0))


def test_unit_missing_last_year_has_no_comparison(district_set, results_2021):
    units = [*UNITS, Unit(code="QD-MOI", name="Xã Mới", unit_type="xa")]
    results = year(district_set, "2022", previous=results_2021, units=units)
    new = next(u for u in results.units if u.unit.code == "QD-MOI")
    assert (new.previous_index, new.index_change, new.rank_change) == (None, None, None)


def test_incompatible_or_broken_files_are_refused(tmp_path, results_2021):
    data = json.loads(results_json(results_2021))
    data["schema_version"] = 99
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        load_results(future)
    assert caught.value.code == "results.incompatible"
    assert str(future) in caught.value.render("vi") and "99" in caught.value.render("vi")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        load_results(broken)
    assert caught.value.code == "results.not-json"
    data["schema_version"] = 1
    data["units"][0]["index"] = "abc"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        load_results(bad)
    assert caught.value.code == "results.invalid" and "units.0.index" in caught.value.render()
    with pytest.raises(InputFileError):
        load_results(tmp_path / "missing.json")


def test_results_xlsx_values_not_formulas(tmp_path, district_set):
    units = [u.model_copy(update={"name": "=1+1 Xã An"}) if u.code == "QD-AN" else u
             for u in UNITS]  # fmt: skip
    results = year(district_set, "2021", units=units)
    path = write_results_xlsx(tmp_path / "results.xlsx", results)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Xếp hạng", "Tiêu chí"]
    ranking = wb["Xếp hạng"]
    header = [c.value for c in ranking[1]]
    first = dict(zip(header, [c.value for c in ranking[2]], strict=True))
    assert first["Đơn vị"] == "=1+1 Xã An"
    assert ranking["C2"].data_type == "s"
    assert (first["Hạng"], first["Chỉ số (%)"], first["Xếp loại"]) == (1, 99.2, "Tốt")
    assert first["Xếp loại cao nhất của người đứng đầu"] == "Hoàn thành xuất sắc nhiệm vụ"
    last = dict(zip(header, [c.value for c in ranking[ranking.max_row]], strict=True))
    assert (last["Mã đơn vị"], last["Hạng"], last["Không xếp hạng"]) == (
        "QD-LOI",
        None,
        "Mới thành lập",
    )
    formulas = [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    criteria = wb["Tiêu chí"]
    assert criteria.max_row == 1 + sum(len(u.criteria) for u in results.units)


def test_schema_is_documented_and_current():
    exported = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    assert exported == results_schema(), "run: par-index score --schema > docs/results.schema.json"
    doc = (DOCS / "results-schema.md").read_text(encoding="utf-8")
    models = (Results, UnitResult, CriterionResult, AreaResult, StaffOutcome, ScoreChange)
    for model in (*models, InputProblem):
        for name in model.model_fields:
            assert f"`{name}`" in doc, f"{model.__name__}.{name} is not documented"


def test_every_numeric_field_is_in_the_docs_number_table():
    doc = (DOCS / "results-schema.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| (\w+) \| (\d) \|$", doc, flags=re.M)
    models = (Results, UnitResult, CriterionResult, AreaResult, ScoreChange, InputProblem)
    expected = [
        (model.__name__, name, kind.value, str(JSON_PLACES[kind]))
        for model in models
        for name, kind in number_fields(model).items()
    ]
    assert rows == expected
    assert ("UnitResult", "index", "percent", "6") in rows


def test_configuration_examples_in_the_docs_are_valid():
    doc = (DOCS / "results-schema.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 2
    for block in blocks:
        data = parse_yaml(block, "results-schema.md").data
        if "ranking" in data:
            RankingConfig.model_validate(data["ranking"])
        staff = StaffConfig.model_validate(data["staff"])
        assert staff.rules is None or len(staff.rules) == 3


def test_results_xlsx_criteria_rows_only_up_to_the_limit(tmp_path, district_set, monkeypatch):
    results = year(district_set, "2021")
    rows = sum(len(u.criteria) for u in results.units)
    full = openpyxl.load_workbook(write_results_xlsx(tmp_path / "full.xlsx", results))
    assert full["Tiêu chí"].max_row == rows + 1
    assert len(results.units) <= CRITERIA_ROWS_UP_TO
    monkeypatch.setattr("par_index.scale.CRITERIA_ROWS_UP_TO", len(results.units) - 1)
    short = write_results_xlsx(tmp_path / "short.xlsx", results)
    book = openpyxl.load_workbook(short)
    assert book.sheetnames == ["Xếp hạng", "Tiêu chí"]
    assert book["Xếp hạng"].max_row == len(results.units) + 1
    note = book["Tiêu chí"]
    assert note.max_row == 1 and "results.json" in note["A1"].value
    assert f"{len(results.units) - 1} đơn vị" in note["A1"].value


@pytest.mark.parametrize("chunk", [200, 1, 4])
def test_results_json_written_unit_by_unit_is_pydantics_text(
    tmp_path, district_set, monkeypatch, chunk
):
    monkeypatch.setattr(results_io, "JSON_CHUNK", chunk)  # chunk edges in the middle, at the end
    results = year(district_set, "2021")
    assert len(results.units) > 1
    whole = results.model_dump_json(indent=2) + "\n"
    assert results_json(results) == whole
    path = write_results_json(tmp_path / "results.json", results)
    assert path.read_bytes() == whole.encode("utf-8")
    assert results_json(load_results(path)) == whole
    empty = results.model_copy(update={"units": []})
    assert results_json(empty) == empty.model_dump_json(indent=2) + "\n"
    one = results.model_copy(update={"units": results.units[:1]})
    assert results_json(one) == one.model_dump_json(indent=2) + "\n"
