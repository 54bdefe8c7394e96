"""Survey CSV: answer counts per option or a percentage, turned into points; errors at file:line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from par_index.errors import ParIndexError
from par_index.survey import SurveyError, read_survey, read_surveys
from par_index.units import Unit
from tests.scoring.district import UNITS

D = Decimal


def write(tmp_path, content: str, name: str = "khao-sat.csv"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_counts_per_option(tmp_path, district_set):
    # (80 x 100 + 15 x 60 + 5 x 20 + 0 x 0) / 100 = 90 % of 2 points
    path = write(tmp_path, "unit,criterion,A,B,C,D\nQD-AN,3.1,80,15,5,0\nQD-HA,3.1,0,0,0,10\n")
    assert read_survey(path, district_set, UNITS) == {
        "QD-AN": {"3.1": D("1.8")},
        "QD-HA": {"3.1": D(0)},
    }


def test_percentages_semicolons_and_vietnamese_headers(tmp_path, district_set):
    content = "\ufeffMã đơn vị;Mã tiêu chí;Tỷ lệ\nQD-AN;3.1;92,5 %\nQD-BINH;3.1;70\n"
    path = write(tmp_path, content)
    assert read_survey(path, district_set, UNITS) == {
        "QD-AN": {"3.1": D("1.85")},
        "QD-BINH": {"3.1": D("1.4")},
    }


def test_counts_and_percent_in_one_file(tmp_path, district_set):
    content = "unit,criterion,A,B,C,D,percent\nQD-AN,3.1,1,1,0,0,\nQD-MY,3.1,,,,,50\n"
    survey = read_survey(write(tmp_path, content), district_set, UNITS)
    assert survey == {"QD-AN": {"3.1": D("1.6")}, "QD-MY": {"3.1": D(1)}}


def test_every_bad_line_is_named(tmp_path, district_set):
    content = (
        "unit,criterion,A,B,C,D,E,percent\n"
        "QD-AN,3.1,10,x,0,0,,\n"  # line 2: not a count
        "QD-XX,3.1,1,0,0,0,,\n"  # line 3: unknown unit
        "QD-AN,3.2,1,0,0,0,,\n"  # line 4: not a survey criterion
        "QD-BINH,3.1,1,0,0,0,,80\n"  # line 5: both
        "QD-CONG,3.1,,,,,,120\n"  # line 6: percent above 100
        "QD-MY,3.1,,,,,3,\n"  # line 7: option E does not exist
        "QD-HA,3.1,1.5,0,0,0,,\n"  # line 8: not a whole number
        "QD-SIA,3.1,,,,,,\n"  # line 9: nothing
        "QD-AN,3.1,1,0,0,0,,\n"  # line 10: duplicate of line 2
    )
    with pytest.raises(SurveyError) as caught:
        read_survey(write(tmp_path, content), district_set, UNITS)
    text = caught.value.render("vi")
    assert caught.value.code == "survey.invalid"
    for line in range(2, 11):
        assert f"khao-sat.csv:{line}:" in text
    assert "khao-sat.csv:2: cột B: 'x'" in text
    assert "'QD-XX'" in text and "'3.2'" in text and "'E'" in text
    assert caught.value.fields["count"] == 9


def test_missing_columns(tmp_path, district_set):
    with pytest.raises(SurveyError) as caught:
        read_survey(write(tmp_path, "don_vi,A,B\nQD-AN,1,2\n"), district_set, UNITS)
    assert "khao-sat.csv:1: thiếu cột 'unit / mã đơn vị'" in caught.value.render("vi")


def test_per_type_maximum_and_folder(tmp_path, district_set):
    folder = tmp_path / "survey"
    folder.mkdir()
    write(folder, "unit,criterion,percent\nQD-AN,3.1,50\n", "a.csv")
    write(folder, "unit,criterion,percent\nQD-SIA,3.1,100\n", "b.csv")
    merged = read_surveys(folder, district_set, [*UNITS, Unit(code="X", name="X", unit_type="xa")])
    assert merged == {"QD-AN": {"3.1": D(1)}, "QD-SIA": {"3.1": D(2)}}
    assert read_surveys(tmp_path / "none", district_set, UNITS) is None


@pytest.mark.parametrize("count", ["1e99999999", "9" * 5001, "10000001"])
def test_an_absurd_count_is_refused_at_its_line(tmp_path, district_set, count):
    content = f"unit,criterion,A,B,C,D\nQD-AN,3.1,80,15,5,0\nQD-HA,3.1,{count},0,0,0\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write(tmp_path, content), district_set, UNITS)
    (problem,) = caught.value.render("vi").splitlines()[1:]
    assert problem.startswith("khao-sat.csv:3: cột A: ") and "10.000.000" in problem
    assert len(problem) < 300  # the value is quoted, cut short


def test_a_survey_cell_over_the_csv_field_limit_is_one_line(tmp_path, district_set):
    content = f'unit,criterion,A\nQD-AN,3.1,"{"1" * (128 * 1024 + 1)}"\n'
    with pytest.raises(ParIndexError) as caught:
        read_survey(write(tmp_path, content), district_set, UNITS)
    assert caught.value.code == "csv.field-too-long"
    assert caught.value.render("vi").startswith("khao-sat.csv:2: ")
