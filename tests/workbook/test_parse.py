"""Cell parsing: numbers, dates, choices and evidence the way officers type them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from par_index.workbook.parse import (
    cell_text,
    match_choice,
    parse_date,
    parse_evidence,
    parse_number,
    parse_reference,
    split_evidence,
    text_value,
)

D = Decimal


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,5", D("1.5")),
        ("1.5", D("1.5")),
        ("1,5 điểm", D("1.5")),
        (" 2 ", D(2)),
        ("２", D(2)),
        ("１,５", D("1.5")),
        ("1,5\u00a0", D("1.5")),
        ("95%", D(95)),
        (1.5, D("1.5")),
        (0.1, D("0.1")),
        (2.0, D(2)),
        ("", None),
        (None, None),
    ],
)
def test_numbers(typed, expected):
    value = parse_number(typed)
    assert value == expected
    assert value is None or isinstance(value, Decimal)


def test_float_never_leaks_binary_noise():
    assert str(parse_number(0.1 + 0.2)) == "0.30000000000000004"  # what the cell holds
    assert str(parse_number(2.675)) == "2.675"


@pytest.mark.parametrize(("typed", "expected"), [("1.234", 1234), ("1,234", 1234), ("12", 12)])
def test_counts_read_thousands_separators(typed, expected):
    assert parse_number(typed, counts=True) == expected


@pytest.mark.parametrize("typed", ["hai", "1,5,6 điểm", True, dt.date(2025, 1, 1), "x1"])
def test_not_numbers(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


@pytest.mark.parametrize(
    "typed",
    [
        dt.date(2025, 3, 5),
        dt.datetime(2025, 3, 5, 0, 0),
        "05/3/2025",
        "5/3/2025",
        "05/03/2025",
        "5-3-2025",
        "05.03.2025",
        "05/03/25",
        "ngày 05 tháng 3 năm 2025",
        "Ngày 5 tháng 03 năm 2025",
        unicodedata.normalize("NFD", "ngày 05 tháng 3 năm 2025"),
        "2025-03-05",
        "2025-03-05 00:00:00",
        45721.0,
        " 05/3/2025 ",
    ],
)
def test_dates_day_first(typed):
    assert parse_date(typed) == dt.date(2025, 3, 5)


@pytest.mark.parametrize("typed", ["31/02/2025", "5/3", "hôm qua", "13/13/2025", True, -5.0])
def test_bad_dates(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_cell_text_shows_what_the_officer_sees():
    assert cell_text(2.0) == "2"
    assert cell_text(1.5) == "1.5"
    assert cell_text(dt.date(2025, 3, 5)) == "05/03/2025"
    assert cell_text("  ") is None and cell_text("") is None and cell_text(None) is None
    assert cell_text(True) == "TRUE"


def test_choices_fold_case_nfd_and_lookalikes():
    options = ["Đúng hạn", "Trễ hạn"]
    assert match_choice("đúng hạn", options) == "Đúng hạn"
    assert match_choice(unicodedata.normalize("NFD", "Trễ hạn"), options) == "Trễ hạn"
    assert match_choice("Ðúng  hạn ", options) == "Đúng hạn"  # Icelandic eth, double space
    assert match_choice("Đúng hẹn", options) is None


def test_text_value_keeps_lines_and_normalises():
    typed = unicodedata.normalize("NFD", "  Dòng một \n\n  Ðòng hai ")
    assert text_value(typed) == "Dòng một\nĐòng hai"


def test_split_evidence_by_lines_semicolons_and_bullets():
    text = "1. Kế hoạch 12/KH-UBND\r\n- Báo cáo 3/BC-UBND; QĐ 4/QĐ-UBND\n\n+ Thông báo 9/TB-UBND"
    assert split_evidence(text) == [
        "Kế hoạch 12/KH-UBND",
        "Báo cáo 3/BC-UBND",
        "QĐ 4/QĐ-UBND",
        "Thông báo 9/TB-UBND",
    ]


@pytest.mark.parametrize(
    ("text", "number", "date", "issuer", "location"),
    [
        (
            "Kế hoạch số 12/KH-UBND ngày 05/3/2025 của UBND xã Quảng An, trang 3",
            "12/KH-UBND",
            dt.date(2025, 3, 5),
            "UBND xã Quảng An",
            "trang 3",
        ),
        (
            "QĐ 45/QĐ-UBND ngày 5-3-2025 do Chủ tịch UBND xã Quảng Thọ ban hành, tr. 3-5",
            "45/QĐ-UBND",
            dt.date(2025, 3, 5),
            "Chủ tịch UBND xã Quảng Thọ",
            "tr. 3-5",
        ),
        (
            "Báo cáo 01/BC-UBND ngày 05 tháng 3 năm 2025 của UBND xã về CCHC, mục II, điều 4",
            "01/BC-UBND",
            dt.date(2025, 3, 5),
            "UBND xã",
            "mục II, điều 4",
        ),
        ("Nghị định 90/2020/NĐ-CP, Phụ lục 2", "90/2020/NĐ-CP", None, None, "phụ lục 2"),
        (
            "Tờ trình 15/TTr-UBND của UBND xã Quảng Lợi",
            "15/TTr-UBND",
            None,
            "UBND xã Quảng Lợi",
            None,
        ),
        (
            "Công văn số 123 ngày 2025-03-05, UBND xã Quảng Công",
            "123",
            dt.date(2025, 3, 5),
            "UBND xã Quảng Công",
            None,
        ),
        ("Kế hoạch điều chỉnh mục tiêu năm 2025", None, None, None, None),
        ("Kế hoạch 7/KH-UBND ngày 31/02/2025", "7/KH-UBND", None, None, None),
    ],
)
def test_references(text, number, date, issuer, location):
    ref = parse_reference(text)
    assert (ref.number, ref.date, ref.issuer, ref.location) == (number, date, issuer, location)
    assert ref.text == text


def test_evidence_cell_in_nfd_gives_nfc_references():
    cell = unicodedata.normalize(
        "NFD", "KH 12/KH-UBND ngày 05/3/2025 của UBND xã Quảng An, trang 2"
    )
    (ref,) = parse_evidence(cell)
    assert ref.issuer == "UBND xã Quảng An" and unicodedata.is_normalized("NFC", ref.text)
    assert parse_evidence("") == [] and parse_evidence(None) == []
