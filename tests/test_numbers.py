"""numbers: what people type becomes an exact Decimal; one rounding rule for display."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pydantic import BaseModel

from par_index.i18n import use_lang
from par_index.numbers import (
    JSON_PLACES,
    Count,
    Number,
    NumberKind,
    Percent,
    Points,
    Ratio,
    _JsonText,
    display,
    from_float,
    parse_decimal,
    quantize,
    to_json,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("1,5 điểm", "1.5"),
        ("1,5điểm", "1.5"),
        ("2 Điểm", "2"),
        ("0,75 đ", "0.75"),
        ("1.5 points", "1.5"),
        (" 2 ", "2"),
        ("\t3\n", "3"),
        ("１,５", "1.5"),  # full-width digits and comma
        ("１２３", "123"),
        ("1\u00a0234", "1234"),  # no-break space between thousands
        ("1\u202f234,5", "1234.5"),  # narrow no-break space
        ("\u00a02,25\u00a0", "2.25"),
        ("95%", "95"),
        ("95 %", "95"),
        ("99,5%", "99.5"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("-0,5", "-0.5"),
        ("\u22120,25", "-0.25"),  # a typographic minus sign
        ("\u200b4", "4"),  # a zero-width space pasted from the web
        ("0", "0"),
    ],
)
def test_parse_messy_text(raw, value):
    parsed = parse_decimal(raw)
    assert isinstance(parsed, D)
    assert parsed == D(value)


def test_one_group_of_three_is_thousands_for_counts_and_a_decimal_point_for_points():
    assert parse_decimal("1.234", counts=True) == 1234
    assert parse_decimal("1.234") == D("1.234")
    assert parse_decimal("1,234", counts=True) == 1234
    assert parse_decimal("1,234") == D("1.234")
    assert parse_decimal("12.5", counts=True) == D("12.5")  # not a thousands group


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0"])
def test_blank_is_none(raw):
    assert parse_decimal(raw) is None


@pytest.mark.parametrize(
    "raw", ["abc", "một", "1,5,", "1.5.2", "--1", "NaN", "Infinity", "1/2", "½", "x1", True]
)
def test_bad_text_raises(raw):
    with pytest.raises(ValueError):
        parse_decimal(raw)


def test_numbers_pass_through_exactly():
    assert parse_decimal(D("1.10")) == D("1.10")
    assert parse_decimal(7) == D(7)
    assert parse_decimal(0.1) == D("0.1")  # a spreadsheet float, read as typed
    assert parse_decimal(2.675) == D("2.675")
    assert from_float(1 / 3) == D("0.3333333333333333")
    assert from_float(float("nan")).is_nan()


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        ("2.675", 2, "2.68"),  # half up, not banker's (2.67) nor float noise
        ("2.665", 2, "2.67"),
        ("2.6649999", 2, "2.66"),
        ("0.125", 2, "0.13"),
        ("-0.125", 2, "-0.13"),
        ("87.245", 1, "87.2"),
        ("0.5", 0, "1"),
        ("1.5", 0, "2"),
        ("2.5", 0, "3"),
    ],
)
def test_quantize_rounds_half_up(value, places, rounded):
    assert str(quantize(D(value), places)) == rounded


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("87.245", "87,25", "87.25"),
        ("100", "100,00", "100.00"),
        ("78.9", "78,90", "78.90"),
        ("0.5", "0,50", "0.50"),
        ("0.125", "0,13", "0.13"),
        ("1E+2", "100,00", "100.00"),
        ("0", "0,00", "0.00"),
        ("-0.001", "0,00", "0.00"),
        ("-2.345", "-2,35", "-2.35"),
        ("1234.5", "1234,50", "1234.50"),
        ("66.66666666666666666666666666666666666667", "66,67", "66.67"),
    ],
)
def test_display_two_decimals_half_up_comma_in_vietnamese_point_in_english(value, vi, en):
    for kind in (NumberKind.POINTS, NumberKind.PERCENT, NumberKind.RATIO):
        assert display(D(value), kind, "vi") == vi
        assert display(D(value), kind, "en") == en
    assert display(D(value)) == vi  # the current language: Vietnamese by default
    use_lang("en")
    assert display(D(value)) == en


def test_counts_show_whole_and_exact_values_as_written():
    assert display(7, NumberKind.COUNT) == "7"
    assert display(D("12.5"), NumberKind.COUNT) == "13"
    assert display(D("0.125"), NumberKind.EXACT, "vi") == "0,125"
    assert display(D("1000"), NumberKind.EXACT, "en") == "1000"
    assert display(D("1.50"), NumberKind.EXACT, "vi") == "1,5"
    assert display(D("1E+2"), NumberKind.EXACT, "vi") == "100"
    assert display(D("-0.0"), NumberKind.EXACT, "vi") == "0"


def test_display_of_nothing_is_empty():
    assert display(None) == ""
    assert display(None, NumberKind.COUNT) == ""


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        (NumberKind.POINTS, "1", "1.0000"),
        (NumberKind.POINTS, "0.125", "0.1250"),
        (NumberKind.POINTS, "1E+1", "10.0000"),
        (NumberKind.POINTS, "-0.00001", "0.0000"),
        (NumberKind.POINTS, "-2.34567", "-2.3456"),
        (NumberKind.PERCENT, "66.66666666666666666666666666666666666667", "66.666666"),
        (NumberKind.PERCENT, "82.4", "82.400000"),
        (NumberKind.RATIO, "1.00633713561470215462610899873257287706", "1.0063"),
        (NumberKind.RATIO, "1", "1.0000"),
        (NumberKind.COUNT, "3", "3"),
        (NumberKind.EXACT, "0.125", "0.125"),
    ],
)
def test_json_text_has_the_kinds_fixed_places(kind, value, text):
    assert to_json(D(value), kind) == text
    assert Number(D(value), kind).raw() == text


@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_json_values_round_to_fewer_places_as_the_exact_value_does(places):
    """Cut, not rounded: rounding twice would publish 66.13 for 66.124951."""
    for text in ("66.124951", "66.12495", "66.1249999999", "0.004999", "-1.2349999", "99.995"):
        exact = D(text)
        for kind in (NumberKind.POINTS, NumberKind.PERCENT, NumberKind.RATIO):
            stored = D(to_json(exact, kind))
            if places < JSON_PLACES[kind]:
                assert quantize(stored, places) == quantize(exact, places), (text, kind)


def test_equal_values_share_one_json_text_and_the_memo_stays_bounded(monkeypatch):
    assert to_json(D("2"), NumberKind.POINTS) == to_json(D("2.000000"), NumberKind.POINTS)
    memo = _JsonText(4)
    monkeypatch.setattr(_JsonText, "LIMIT", 3)
    texts = [memo[D(n)] for n in range(10)]
    assert texts[9] == "9.0000" and len(memo) <= 3


def test_model_fields_serialise_by_kind_and_stay_exact_in_python():
    class Row(BaseModel):
        points: Points
        percent: Percent | None = None
        ratio: Ratio | None = None
        count: Count = 0

    row = Row(points=D("0.5"), percent=D(200) / D(3), ratio=D(7) / D(3), count=2)
    assert row.model_dump_json() == (
        '{"points":"0.5000","percent":"66.666666","ratio":"2.3333","count":2}'
    )
    assert row.model_dump()["percent"] == D(200) / D(3)
    assert Row.model_validate_json(row.model_dump_json()).percent == D("66.666666")
    schema = Row.model_json_schema(mode="serialization")["properties"]
    assert schema["points"]["x-kind"] == "points"
    assert schema["points"]["pattern"] == r"^-?[0-9]+\.[0-9]{4}$"
