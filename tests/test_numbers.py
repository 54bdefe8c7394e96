"""numbers: what people type becomes an exact Decimal; one rounding rule for display."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from par_index.numbers import display, from_float, parse_decimal, quantize


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
    ("value", "shown"),
    [
        ("87.245", "87,25"),
        ("100", "100"),
        ("100.00", "100"),
        ("0.5", "0,5"),
        ("3.10", "3,1"),
        ("1E+2", "100"),
        ("0", "0"),
        ("1234.5", "1234,5"),
    ],
)
def test_display_uses_the_decimal_comma_and_drops_trailing_zeros(value, shown):
    assert display(D(value)) == shown


def test_display_of_nothing_is_empty():
    assert display(None) == ""
